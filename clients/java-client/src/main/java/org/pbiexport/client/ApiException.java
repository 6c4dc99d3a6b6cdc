package org.pbiexport.client;

/**
 * The server answered with an error.
 */
public class ApiException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient ApiProblem problem;

	/**
	 * An error answer.
	 * @param problem what the server said
	 */
	public ApiException(ApiProblem problem) {
		super(problem.describe());
		this.problem = problem;
	}

	/**
	 * What the server said.
	 * @return the problem
	 */
	public ApiProblem problem() {
		return this.problem;
	}

}
