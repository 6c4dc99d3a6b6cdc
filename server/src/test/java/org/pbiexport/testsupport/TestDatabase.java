package org.pbiexport.testsupport;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The metadata databases tests run against: a fresh SQLite file, or a fresh database on
 * the local PostgreSQL or MariaDB server, dropped when the test JVM ends. A missing
 * server skips the test on a developer's machine and fails it when {@code CI=true}, as a
 * skipped test in CI hides a defect.
 */
public enum TestDatabase {

	SQLITE(null, 0), POSTGRESQL("127.0.0.1", 5432), MARIADB("127.0.0.1", 3306);

	private static final List<Runnable> cleanups = new CopyOnWriteArrayList<>();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> cleanups.forEach(Runnable::run)));
	}

	private final String host;

	private final int port;

	TestDatabase(String host, int port) {
		this.host = host;
		this.port = port;
	}

	/**
	 * Creates an empty database and returns the datasource properties that point at it.
	 */
	public Map<String, String> create() {
		requireRunning();
		String name = "pbi_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		return switch (this) {
			case SQLITE -> {
				Path dir = tempDir(name);
				yield Map.of("pbi-export.data-dir", dir.toString());
			}
			case POSTGRESQL -> {
				execute("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "", "CREATE DATABASE " + name);
				cleanups.add(() -> quietly("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "",
						"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
				yield Map.of("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/" + name,
						"spring.datasource.username", "postgres", "spring.datasource.password", "",
						"pbi-export.data-dir", tempDir(name).toString());
			}
			case MARIADB -> {
				execute("jdbc:mariadb://127.0.0.1:3306/", "root", "",
						"CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
				cleanups.add(
						() -> quietly("jdbc:mariadb://127.0.0.1:3306/", "root", "", "DROP DATABASE IF EXISTS " + name));
				yield Map.of("spring.datasource.url", "jdbc:mariadb://127.0.0.1:3306/" + name,
						"spring.datasource.username", "root", "spring.datasource.password", "", "pbi-export.data-dir",
						tempDir(name).toString());
			}
		};
	}

	/** Registers a fresh database of this kind with a Spring test context. */
	public void register(DynamicPropertyRegistry registry) {
		create().forEach((key, value) -> registry.add(key, () -> value));
	}

	/** Fails in CI and skips elsewhere when this database's server is not running. */
	public void requireRunning() {
		if (this.host == null || reachable(this.host, this.port)) {
			return;
		}
		String message = name() + " is not running on " + this.host + ":" + this.port
				+ " (.ci/run starts it; see README, Running the tests)";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail(message);
		}
		Assumptions.abort(message);
	}

	private static boolean reachable(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	private static Path tempDir(String name) {
		try {
			Path dir = Files.createTempDirectory(name);
			cleanups.add(() -> deleteQuietly(dir));
			return dir;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void deleteQuietly(Path dir) {
		try (var paths = Files.walk(dir)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (java.io.IOException ex) {
			// a leftover temp folder is harmless
		}
	}

	private static void execute(String url, String user, String password, String sql) {
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not prepare a test database: " + ex.getMessage(), ex);
		}
	}

	private static void quietly(String url, String user, String password, String sql) {
		try {
			execute(url, user, password, sql);
		}
		catch (RuntimeException ex) {
			// the JVM is ending; a leftover test database is harmless
		}
	}

}
