package org.pbiexport.cli;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the command line reads from and writes to outside its arguments, passed in so that
 * tests give their own and never the real environment.
 *
 * @param env the environment variables
 * @param home the user's home folder, where the default config file lives
 * @param out standard output (files written with {@code -o -} go there as bytes)
 * @param err standard error
 */
public record Console(Map<String, String> env, Path home, OutputStream out, OutputStream err) {

	/**
	 * This process's environment, home folder and standard streams.
	 * @return the real console
	 */
	public static Console system() {
		return new Console(System.getenv(), Path.of(System.getProperty("user.home")), System.out, System.err);
	}

}
