package org.pbiexport.cache;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Redis artifact store against the local Redis, each test under its own key prefix.
 */
class RedisArtifactStoreTest {

	private static final int MB = 1024 * 1024;

	private static final Duration HOUR = Duration.ofHours(1);

	private static RedisClient client;

	private static StatefulRedisConnection<byte[], byte[]> connection;

	private final Random random = new Random(13);

	private String prefix;

	private RedisArtifactStore store;

	@BeforeAll
	static void connect() {
		requireRedis();
		client = RedisClient
			.create(RedisURI.builder().withHost("127.0.0.1").withPort(6379).withTimeout(Duration.ofSeconds(5)).build());
		connection = client.connect(ByteArrayCodec.INSTANCE);
	}

	@AfterAll
	static void disconnect() {
		if (client != null) {
			client.shutdown();
		}
	}

	@BeforeEach
	void newPrefix() {
		this.prefix = "test-" + UUID.randomUUID() + ":";
		this.store = new RedisArtifactStore(connection, this.prefix, MB);
	}

	@AfterEach
	void cleanUp() {
		keys("*").forEach((key) -> connection.sync().del(key.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void smallAndMultiChunkFilesComeBackByteForByte() {
		Artifact small = artifact(10_000, Map.of("format", "png", "file-name", "Bericht ü.png"));
		Artifact exact = artifact(MB, Map.of());
		Artifact big = artifact(5 * MB / 2, Map.of("format", "pdf"));
		this.store.put("r1", "small", small, HOUR);
		this.store.put("r1", "exact", exact, HOUR);
		this.store.put("r1", "big", big, HOUR);
		assertSame(this.store.get("r1", "small"), small);
		assertSame(this.store.get("r1", "exact"), exact);
		assertSame(this.store.get("r1", "big"), big);
		assertThat(keys("cache:r1:exact:*")).isEmpty();
		assertThat(keys("cache:r1:big:*")).hasSize(3);
		assertThat(this.store.get("r1", "other")).isEmpty();
		assertThat(this.store.get("r2", "big")).isEmpty();
	}

	@Test
	void entriesExpireWithTheirTtl() {
		Artifact big = artifact(5 * MB / 2, Map.of("format", "pdf"));
		this.store.put("r1", "big", big, Duration.ofMillis(800));
		this.store.put("r1", "small", artifact(100, Map.of()), Duration.ofMillis(300));
		assertSame(this.store.get("r1", "big"), big);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.get("r1", "small").isEmpty());
		await().atMost(Duration.ofSeconds(5)).until(() -> keys("*").isEmpty());
		assertThat(this.store.get("r1", "big")).isEmpty();
	}

	@Test
	void remainingIsTheTimeToLiveLeftWithoutReadingTheFile() {
		this.store.put("r1", "big", artifact(5 * MB / 2, Map.of()), HOUR);
		assertThat(this.store.remaining("r1", "big"))
			.hasValueSatisfying((left) -> assertThat(left).isBetween(HOUR.minusSeconds(10), HOUR));
		assertThat(this.store.remaining("r1", "other")).isEmpty();
		this.store.remove("r1", "big");
		assertThat(this.store.remaining("r1", "big")).isEmpty();
	}

	@Test
	void aTtlOfZeroStoresNothingAndDropsWhatWasThere() {
		this.store.put("r1", "a", artifact(100, Map.of()), Duration.ZERO);
		assertThat(keys("*")).isEmpty();
		this.store.put("r1", "b", artifact(100, Map.of()), HOUR);
		this.store.put("r1", "b", artifact(100, Map.of()), Duration.ofSeconds(-1));
		assertThat(this.store.get("r1", "b")).isEmpty();
		assertThat(keys("*")).isEmpty();
	}

	@Test
	void replacingAnEntryDropsTheOldChunks() {
		this.store.put("r1", "f", artifact(5 * MB / 2, Map.of()), HOUR);
		Artifact again = artifact(3 * MB / 2, Map.of("v", "2"));
		this.store.put("r1", "f", again, HOUR);
		assertSame(this.store.get("r1", "f"), again);
		assertThat(keys("cache:r1:f:*")).hasSize(2);
		Artifact small = artifact(10, Map.of("v", "3"));
		this.store.put("r1", "f", small, HOUR);
		assertSame(this.store.get("r1", "f"), small);
		assertThat(keys("cache:r1:f:*")).isEmpty();
	}

	@Test
	void removeDropsTheHeadAndItsChunks() {
		this.store.put("r1", "big", artifact(5 * MB / 2, Map.of()), HOUR);
		this.store.put("r1", "small", artifact(10, Map.of()), HOUR);
		this.store.remove("r1", "big");
		this.store.remove("r1", "small");
		this.store.remove("r1", "never-put");
		assertThat(this.store.get("r1", "big")).isEmpty();
		assertThat(this.store.get("r1", "small")).isEmpty();
		assertThat(keys("*")).isEmpty();
	}

	@Test
	void evictDropsEveryEntryOfOneOwnerOnly() {
		for (int i = 0; i < 250; i++) {
			this.store.put("r1", "f" + i, artifact(10, Map.of()), HOUR);
		}
		this.store.put("r1", "big", artifact(5 * MB / 2, Map.of()), HOUR);
		Artifact kept = artifact(5 * MB / 2, Map.of("owner", "r2"));
		this.store.put("r2", "big", kept, HOUR);
		this.store.evict("r1");
		assertThat(this.store.get("r1", "f7")).isEmpty();
		assertThat(this.store.get("r1", "big")).isEmpty();
		assertThat(keys("cache:r1:*")).isEmpty();
		assertThat(keys("cache-owner:r1")).isEmpty();
		assertSame(this.store.get("r2", "big"), kept);
	}

	@Test
	void aMissingChunkIsAMiss() {
		this.store.put("r1", "big", artifact(5 * MB / 2, Map.of()), HOUR);
		String chunk = keys("cache:r1:big:*").get(1);
		connection.sync().del(chunk.getBytes(StandardCharsets.UTF_8));
		assertThat(this.store.get("r1", "big")).isEmpty();
	}

	@Test
	void storesOnTwoConnectionsShareTheirEntries() {
		try (StatefulRedisConnection<byte[], byte[]> other = client.connect(ByteArrayCodec.INSTANCE)) {
			RedisArtifactStore node2 = new RedisArtifactStore(other, this.prefix, MB);
			Artifact big = artifact(5 * MB / 2, Map.of("format", "pdf"));
			this.store.put("r1", "big", big, HOUR);
			assertSame(node2.get("r1", "big"), big);
			node2.put("r2", "small", artifact(10, Map.of()), HOUR);
			assertThat(this.store.get("r2", "small")).isPresent();
			node2.remove("r1", "big");
			assertThat(this.store.get("r1", "big")).isEmpty();
			this.store.evict("r2");
			assertThat(node2.get("r2", "small")).isEmpty();
		}
	}

	@Test
	void concurrentPutsAndGetsOnOneConnectionStayConsistent() throws Exception {
		RedisArtifactStore chunky = new RedisArtifactStore(connection, this.prefix, 1000);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int writer = t;
				work.add(threads.submit(() -> {
					Random own = new Random(writer);
					for (int i = 0; i < 40; i++) {
						byte[] bytes = new byte[own.nextInt(5000)];
						own.nextBytes(bytes);
						chunky.put("r1", "own" + writer, new Artifact(bytes, Map.of("i", "" + i)), HOUR);
						assertThat(chunky.get("r1", "own" + writer).orElseThrow().bytes()).isEqualTo(bytes);
						byte[] shared = new byte[3500 + writer];
						Arrays.fill(shared, (byte) writer);
						chunky.put("r1", "shared", new Artifact(shared, Map.of("writer", "" + writer)), HOUR);
						chunky.get("r1", "shared").ifPresent((found) -> {
							byte mark = Byte.parseByte(found.attributes().get("writer"));
							assertThat(found.bytes()).hasSize(3500 + mark).containsOnly(mark);
						});
					}
					return null;
				}));
			}
			for (Future<?> done : work) {
				done.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void aStoreWhoseRedisIsGoneFailsFast() throws IOException {
		TcpProxy proxy = new TcpProxy("127.0.0.1", 6379);
		RedisClient gone = RedisClient.create(RedisURI.builder()
			.withHost("127.0.0.1")
			.withPort(proxy.port())
			.withTimeout(Duration.ofMillis(500))
			.build());
		try (proxy; StatefulRedisConnection<byte[], byte[]> lost = gone.connect(ByteArrayCodec.INSTANCE)) {
			RedisArtifactStore node = new RedisArtifactStore(lost, this.prefix, MB);
			node.put("r1", "small", artifact(10, Map.of()), HOUR);
			proxy.close();
			long start = System.nanoTime();
			assertThatThrownBy(() -> node.get("r1", "small")).isInstanceOf(RedisException.class);
			assertThatThrownBy(() -> node.put("r1", "big", artifact(5 * MB / 2, Map.of()), HOUR))
				.isInstanceOf(RedisException.class);
			assertThatThrownBy(() -> node.evict("r1")).isInstanceOf(RedisException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		}
		finally {
			gone.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Test
	void namesThatCouldCollideAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.put("r1", "a:0", artifact(1, Map.of()), HOUR));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.get("r:1", "a"));
	}

	private Artifact artifact(int size, Map<String, String> attributes) {
		byte[] bytes = new byte[size];
		this.random.nextBytes(bytes);
		return new Artifact(bytes, attributes);
	}

	private static void assertSame(Optional<Artifact> found, Artifact expected) {
		assertThat(found).isPresent();
		assertThat(found.get().bytes()).isEqualTo(expected.bytes());
		assertThat(found.get().attributes()).isEqualTo(expected.attributes());
	}

	/** This test's keys that match a pattern after its prefix, sorted. */
	private List<String> keys(String pattern) {
		List<String> keys = new ArrayList<>();
		ScanArgs args = ScanArgs.Builder.matches(this.prefix + pattern).limit(1000);
		KeyScanCursor<byte[]> cursor = connection.sync().scan(args);
		while (true) {
			cursor.getKeys().forEach((key) -> keys.add(new String(key, StandardCharsets.UTF_8)));
			if (cursor.isFinished()) {
				break;
			}
			cursor = connection.sync().scan(ScanCursor.of(cursor.getCursor()), args);
		}
		keys.sort(null);
		return keys;
	}

	/** Fails in CI and skips elsewhere when Redis is not running. */
	private static void requireRedis() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", 6379), 1000);
		}
		catch (IOException ex) {
			String message = "Redis is not running on 127.0.0.1:6379";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(message);
			}
			Assumptions.abort(message);
		}
	}

}
