package org.pbiexport.powerbi;

/**
 * Power BI did not finish in time: an Export To File job still running, or still busy, at
 * the end of the export's budget or of {@code export-poll-timeout}. Exports answer it as
 * a 504 problem.
 */
public class PowerBiTimedOut extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public PowerBiTimedOut(String message) {
		super(message);
	}

}
