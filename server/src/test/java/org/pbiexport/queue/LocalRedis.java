package org.pbiexport.queue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import static org.awaitility.Awaitility.await;

/**
 * Redis for the adapters' tests: the shared server on 127.0.0.1:6379 (keys under a random
 * prefix), or a private {@code redis-server} with its own port and folder, which a test
 * may stop and start again. Missing Redis skips a test, and fails it when
 * {@code CI=true}.
 */
final class LocalRedis implements AutoCloseable {

	static final int SHARED_PORT = 6379;

	private final int port;

	private final Path dir;

	private Process process;

	private LocalRedis(int port, Path dir) {
		this.port = port;
		this.dir = dir;
	}

	/** A fresh key prefix for one test. */
	static String prefix() {
		return "test-" + UUID.randomUUID() + ":";
	}

	/**
	 * A client configured as the app's: 2 s timeout, commands rejected while
	 * disconnected.
	 */
	static RedisClient client(int port) {
		RedisClient client = RedisClient
			.create(RedisURI.builder().withHost("127.0.0.1").withPort(port).withTimeout(Duration.ofSeconds(2)).build());
		client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		return client;
	}

	static void requireShared() {
		if (!reachable(SHARED_PORT)) {
			missing("Redis is not running on 127.0.0.1:" + SHARED_PORT);
		}
	}

	/** Deletes every key under {@code prefix} on the shared server. */
	static void clean(RedisClient client, String prefix) {
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			ScanIterator<String> keys = ScanIterator.scan(connection.sync(), ScanArgs.Builder.matches(prefix + "*"));
			while (keys.hasNext()) {
				connection.sync().del(keys.next());
			}
		}
	}

	/** Starts a private server: appendonly, no snapshots, on a free port. */
	static LocalRedis startPrivate() throws IOException {
		if (!onPath("redis-server")) {
			missing("redis-server is not installed");
		}
		LocalRedis redis = new LocalRedis(freePort(), Files.createTempDirectory("redis-test"));
		redis.start();
		return redis;
	}

	int port() {
		return this.port;
	}

	void start() throws IOException {
		this.process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "yes", "--dir", this.dir.toString()))
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("redis.log").toFile())
			.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> reachable(this.port));
	}

	/** Shuts the server down as SIGTERM does: the append-only file is flushed first. */
	void stop() throws InterruptedException {
		if (this.process != null) {
			this.process.destroy();
			this.process.waitFor();
			this.process = null;
		}
	}

	void restart() throws IOException, InterruptedException {
		stop();
		start();
	}

	@Override
	public void close() throws IOException {
		try {
			stop();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (var paths = Files.walk(this.dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	private static void missing(String message) {
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail(message);
		}
		Assumptions.abort(message);
	}

	private static boolean onPath(String command) {
		String path = System.getenv("PATH");
		return path != null
				&& List.of(path.split(":")).stream().anyMatch((d) -> Files.isExecutable(Path.of(d, command)));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static boolean reachable(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
