package org.pbiexport.wordpress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the WordPress test needs on the machine. Something missing skips the test on a
 * developer's machine, with what to install, and fails it when {@code CI=true}.
 */
final class Requirements {

	static final Path PHP = Path.of("/usr/bin/php");

	static final Path WORDPRESS = Path.of("/usr/share/wordpress");

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private Requirements() {
	}

	static void check() {
		require(Files.isExecutable(PHP), "PHP is not installed at " + PHP + " (apt-get install php-cli php-mysql)");
		require(Files.isRegularFile(WORDPRESS.resolve("wp-settings.php")),
				"WordPress is not installed at " + WORDPRESS + " (apt-get install wordpress)");
		require(Files.isExecutable(CHROMIUM),
				"Chromium is not installed at " + CHROMIUM + " (apt-get install chromium)");
		require(listening("127.0.0.1", 3306),
				"MariaDB does not answer on 127.0.0.1:3306 (apt-get install mariadb-server; root without password)");
	}

	private static void require(boolean present, String message) {
		if (!present) {
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(message);
			}
			Assumptions.abort(message);
		}
	}

	private static boolean listening(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 2000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
