package org.pbiexport.render;

/** The page did not finish within the export's time budget. */
public class RenderTimedOut extends RuntimeException {

	public RenderTimedOut(String message) {
		super(message);
	}

}
