package org.pbiexport.client;

import java.net.URI;

/**
 * The server could not be reached, or did not answer in time.
 */
public class ServerUnreachable extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * The server at {@code server} did not answer.
	 * @param server its address
	 * @param reason what went wrong, in words
	 * @param cause the failure
	 */
	public ServerUnreachable(URI server, String reason, Throwable cause) {
		super("The pbi-export server at " + server + " could not be reached: " + reason, cause);
	}

}
