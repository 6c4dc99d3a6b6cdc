package org.pbiexport.wordpress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A WordPress of its own for one test run: a copy of Debian's
 * {@code /usr/share/wordpress} with its own {@code wp-config.php}, a fresh MariaDB
 * database, the plugin installed and active, two pages (shortcode and block), served by
 * {@code php -S} on a free loopback port. {@link #close()} stops PHP, drops the database
 * and deletes the copy.
 */
final class WordPressSite implements AutoCloseable {

	private static final Duration PHP_SCRIPT_TIMEOUT = Duration.ofSeconds(120);

	private final Path root;

	private final Path debugLog;

	private final String database;

	private final URI url;

	private final String adminPassword;

	private @Nullable Process server;

	private Map<String, URI> pages = Map.of();

	private WordPressSite(Path root, Path debugLog, String database, URI url, String adminPassword) {
		this.root = root;
		this.debugLog = debugLog;
		this.database = database;
		this.url = url;
		this.adminPassword = adminPassword;
	}

	/**
	 * Installs WordPress and the plugin from {@code plugin} and starts PHP's server.
	 * @param plugin the plugin folder ({@code clients/wordpress/pbi-export})
	 * @param logs where PHP's server log and WordPress's debug log are written
	 */
	static WordPressSite start(Path plugin, Path logs) throws IOException, InterruptedException {
		SecureRandom random = new SecureRandom();
		String suffix = HexFormat.of().formatHex(random.generateSeed(6));
		Path root = Files.createTempDirectory("pbi-export-wordpress-");
		int port = freePort();
		Files.createDirectories(logs);
		Path debugLog = logs.resolve("wordpress-debug.log");
		Files.deleteIfExists(debugLog);
		WordPressSite site = new WordPressSite(root, debugLog, "pbi_export_wp_" + suffix,
				URI.create("http://127.0.0.1:" + port), "Admin-" + suffix);
		try {
			site.install(plugin, HexFormat.of().formatHex(random.generateSeed(24)));
			site.serve(port, logs.resolve("php-server.log"));
		}
		catch (IOException | InterruptedException | RuntimeException | Error ex) {
			site.close();
			throw ex;
		}
		return site;
	}

	URI url() {
		return this.url;
	}

	String adminPassword() {
		return this.adminPassword;
	}

	/** The page with the given slug: {@code shortcode} or {@code block}. */
	URI page(String slug) {
		URI page = this.pages.get(slug);
		if (page == null) {
			throw new IllegalArgumentException("No page " + slug + " in " + this.pages);
		}
		return page;
	}

	/**
	 * Lines of WordPress's debug log that name the plugin (notices, warnings, errors).
	 */
	List<String> pluginLogLines() throws IOException {
		if (!Files.exists(this.debugLog)) {
			return List.of();
		}
		try (Stream<String> lines = Files.lines(this.debugLog, StandardCharsets.UTF_8)) {
			return lines.filter((line) -> line.contains("plugins/pbi-export/")).toList();
		}
	}

	private void install(Path plugin, String salt) throws IOException, InterruptedException {
		copy(Requirements.WORDPRESS, this.root);
		Files.deleteIfExists(this.root.resolve(".htaccess"));
		String config = resource("wp-config.php").replace("@DB_NAME@", this.database)
			.replace("@SITE_URL@", this.url.toString())
			.replace("@SALT@", salt)
			.replace("@DEBUG_LOG@", this.debugLog.toString().replace("'", "\\'"));
		Files.writeString(this.root.resolve("wp-config.php"), config, StandardCharsets.UTF_8);
		for (String script : List.of("router.php", "install.php", "tool.php")) {
			Files.writeString(this.root.resolve(script), resource(script), StandardCharsets.UTF_8);
		}
		copy(plugin, this.root.resolve("wp-content/plugins/pbi-export"));
		String output = php("install.php", this.adminPassword);
		Matcher json = Pattern.compile("\\{\"shortcode\":\"(.+?)\",\"block\":\"(.+?)\"\\}").matcher(output);
		if (!json.find()) {
			throw new IllegalStateException("WordPress's installation printed no page addresses: " + output);
		}
		this.pages = Map.of("shortcode", URI.create(json.group(1).replace("\\/", "/")), "block",
				URI.create(json.group(2).replace("\\/", "/")));
	}

	private void serve(int port, Path log) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(Requirements.PHP.toString(), "-S", "127.0.0.1:" + port,
				"router.php")
			.directory(this.root.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("PHP_CLI_SERVER_WORKERS", "4");
		this.server = builder.start();
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<Void> response = client.send(HttpRequest.newBuilder(this.url.resolve("/wp-login.php"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			if (!this.server.isAlive()) {
				throw new IllegalStateException("php -S stopped: " + Files.readString(log));
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("php -S did not answer on " + this.url + " within 20 s");
	}

	/**
	 * Runs one of the test's PHP scripts in the WordPress copy.
	 * @return what it printed
	 */
	String php(String script, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Requirements.PHP.toString(), script));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.root.toFile()).redirectErrorStream(true);
		builder.environment().put("WP_TEST_DB", this.database);
		Process process = builder.start();
		byte[] output;
		try (InputStream in = process.getInputStream()) {
			output = in.readNBytes(1 << 20);
		}
		if (!process.waitFor(PHP_SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("php " + script + " did not finish within " + PHP_SCRIPT_TIMEOUT);
		}
		String text = new String(output, StandardCharsets.UTF_8);
		if (process.exitValue() != 0) {
			throw new IllegalStateException("php " + script + " failed (" + process.exitValue() + "): " + text);
		}
		return text;
	}

	/** Stops PHP, drops the database and deletes the copy. */
	@Override
	public void close() throws IOException {
		try {
			Process php = this.server;
			if (php != null) {
				php.descendants().forEach(ProcessHandle::destroy);
				php.destroy();
				if (!php.waitFor(10, TimeUnit.SECONDS)) {
					php.descendants().forEach(ProcessHandle::destroyForcibly);
					php.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
			}
			if (Files.exists(this.root.resolve("tool.php"))) {
				php("tool.php", "drop-database");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			delete(this.root);
		}
	}

	private static String resource(String name) throws IOException {
		try (InputStream in = WordPressSite.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing test resource " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void copy(Path from, Path to) throws IOException {
		Files.walkFileTree(from, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
				Files.createDirectories(to.resolve(from.relativize(dir).toString()));
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				if (Files.exists(file)) {
					Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
				}
				return FileVisitResult.CONTINUE;
			}
		});
	}

	private static void delete(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.delete(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
