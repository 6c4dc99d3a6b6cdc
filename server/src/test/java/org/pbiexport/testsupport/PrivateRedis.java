package org.pbiexport.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A Redis server of this machine's own {@code redis-server}, on a random port with its
 * data in a temporary folder and the append-only file on: a test can stop it and start it
 * again with its data, as an operator's restart would. Missing {@code redis-server} skips
 * the test on a developer's machine and fails it when {@code CI=true}.
 */
public final class PrivateRedis implements AutoCloseable {

	private final Path dir;

	private final int port;

	private Process process;

	private PrivateRedis(Path dir, int port) {
		this.dir = dir;
		this.port = port;
	}

	public static PrivateRedis start() {
		Path binary = List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server"))
			.stream()
			.filter(Files::isExecutable)
			.findFirst()
			.orElse(null);
		if (binary == null) {
			String message = "redis-server is not installed (Debian package redis-server)";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(message);
			}
			Assumptions.abort(message);
		}
		try {
			PrivateRedis redis = new PrivateRedis(Files.createTempDirectory("pbi-redis"), freePort());
			redis.startServer();
			return redis;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	/** Stops it as an operator would ({@code SHUTDOWN}: the append-only file is kept). */
	public void stop() {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.getOutputStream().write("SHUTDOWN\r\n".getBytes());
			socket.getOutputStream().flush();
		}
		catch (IOException ex) {
			// already gone
		}
		try {
			if (!this.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Starts it again on the same port, with the data it had. */
	public void restart() {
		startServer();
	}

	private void startServer() {
		try {
			this.process = new ProcessBuilder("redis-server", "--port", Integer.toString(this.port), "--bind",
					"127.0.0.1", "--dir", this.dir.toString(), "--appendonly", "yes", "--appendfsync", "always",
					"--save", "", "--maxmemory-policy", "volatile-lru")
				.redirectErrorStream(true)
				.redirectOutput(this.dir.resolve("redis.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		Instant until = Instant.now().plus(Duration.ofSeconds(10));
		while (Instant.now().isBefore(until)) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				return;
			}
			catch (IOException ex) {
				sleep();
			}
		}
		throw new IllegalStateException("redis-server did not start on port " + this.port);
	}

	@Override
	public void close() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
