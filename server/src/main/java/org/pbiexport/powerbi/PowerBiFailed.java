package org.pbiexport.powerbi;

/**
 * Power BI or Entra ID refused or failed a request for good (a wrong secret, an unknown
 * report, an export that failed without {@code Retry-After}). The message is Power BI's
 * own, in words, without any secret: exports answer it as a 502 problem.
 */
public class PowerBiFailed extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public PowerBiFailed(String message) {
		super(message);
	}

	public PowerBiFailed(String message, Throwable cause) {
		super(message, cause);
	}

}
