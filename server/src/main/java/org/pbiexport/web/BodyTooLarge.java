package org.pbiexport.web;

import java.io.IOException;

/**
 * A request body that turned out longer than its endpoint takes while it was being read
 * (it was sent in chunks, without a length up front). An {@link IOException}, so the JSON
 * reader gives up at once; {@link ProblemResponses} answers 413.
 */
class BodyTooLarge extends IOException {

	BodyTooLarge(long limit) {
		super("The request body is larger than " + limit + " bytes", null);
	}

}
