package org.pbiexport.web;

import java.util.Optional;

/**
 * Turns a module's own failure, which knows nothing of HTTP, into the problem a client
 * sees. A module that throws such failures out of a request registers one as a bean;
 * {@link ProblemResponses} asks them before calling a failure unexpected.
 */
public interface ProblemTranslator {

	/** The problem {@code failure} stands for, or empty when it is not this module's. */
	Optional<ApiProblem> translate(Throwable failure);

}
