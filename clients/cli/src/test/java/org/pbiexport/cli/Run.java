package org.pbiexport.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * One run of the command line inside the test's JVM, with the environment and home folder
 * the test gives, its output captured.
 *
 * @param exitCode what it exited with
 * @param stdout standard output as bytes
 * @param stderr standard error as text
 */
record Run(int exitCode, byte[] stdout, String stderr) {

	static Run of(Map<String, String> env, Path home, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = Main.commandLine(new Console(env, home, out, err)).execute(args);
		return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
	}

	String out() {
		return new String(this.stdout, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "exit " + this.exitCode + "\n--- stdout:\n" + out() + "\n--- stderr:\n" + this.stderr;
	}

}
