package org.pbiexport.cli;

/**
 * A failure the command line describes itself, with the exit code it ends with.
 */
class CliException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int exitCode;

	CliException(int exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
	}

	int exitCode() {
		return this.exitCode;
	}

}
