package org.pbiexport.render;

/**
 * The page rendered, but not as a report: an error page, a sign-in page or a blank
 * capture. The message says what was seen, for the person who asked.
 */
public class RenderFailed extends RuntimeException {

	public RenderFailed(String message) {
		super(message);
	}

}
