package org.pbiexport.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;

/**
 * The artifact store shared by the nodes of a scaled-out cluster, in Redis. An entry is a
 * hash at {@code <prefix>cache:<owner>:<key>} (its head: the attributes, and the bytes
 * themselves when they fit in one chunk, else a chunk count), and its chunks at
 * {@code <head>:<generation>:<i>}; the set {@code <prefix>cache-owner:<owner>} names an
 * owner's keys, so that they can be dropped at once.
 * <p>
 * Why chunks: a Redis value is one allocation that the single-threaded server copies
 * whole, so a 100 MB PDF in one key would stall every other node's commands while it is
 * written, read or freed, and would make one entry as big as the file. The chunk size
 * bounds the largest value Redis ever holds, and so the time one command takes and the
 * memory one eviction frees; a file is written in pieces of at most that size.
 * <p>
 * Readers never see partial bytes: the chunks are written before the head, each chunk key
 * names its put's generation (so a put that replaces an entry never mixes with the old
 * chunks, which it deletes), and a chunk that is missing (expired, or evicted by
 * {@code volatile-lru}) makes the read a miss. The head is written, and removed, by Lua
 * scripts, never by MULTI/EXEC, which would interleave across the threads that share the
 * connection. Redis failures propagate as {@link io.lettuce.core.RedisException}.
 */
public class RedisArtifactStore implements ArtifactStore {

	private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

	/** Entries an evict deletes per script, so that no one command runs long. */
	private static final int EVICT_BATCH = 100;

	private static final String ATTRIBUTE = "a:";

	/**
	 * KEYS: head, owner set. ARGV: ttl in ms, the key, then the head's fields and values.
	 * Replaces the head, deletes the replaced entry's chunks, and keeps the owner set at
	 * least as long as its longest entry.
	 */
	private static final Script PUT_HEAD = new Script("""
			local old = redis.call('HMGET', KEYS[1], 'gen', 'chunks')
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], unpack(ARGV, 3))
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			redis.call('SADD', KEYS[2], ARGV[2])
			if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[1]) then
			  redis.call('PEXPIRE', KEYS[2], ARGV[1])
			end
			if old[2] then
			  for i = 0, tonumber(old[2]) - 1 do
			    redis.call('UNLINK', KEYS[1] .. ':' .. old[1] .. ':' .. i)
			  end
			end
			return 1
			""");

	/**
	 * KEYS: owner set, then heads. ARGV: keys to take out of the owner set. Deletes the
	 * heads and their chunks.
	 */
	private static final Script REMOVE = new Script("""
			for k = 2, #KEYS do
			  local old = redis.call('HMGET', KEYS[k], 'gen', 'chunks')
			  redis.call('UNLINK', KEYS[k])
			  if old[2] then
			    for i = 0, tonumber(old[2]) - 1 do
			      redis.call('UNLINK', KEYS[k] .. ':' .. old[1] .. ':' .. i)
			    end
			  end
			end
			if #ARGV > 0 then
			  redis.call('SREM', KEYS[1], unpack(ARGV))
			end
			return 1
			""");

	private final StatefulRedisConnection<byte[], byte[]> connection;

	private final String keyPrefix;

	private final int chunkSize;

	/**
	 * @param connection shared by every thread of this node
	 * @param keyPrefix put before every key, to share one Redis with others
	 * @param chunkSize the most bytes kept in one Redis value
	 */
	public RedisArtifactStore(StatefulRedisConnection<byte[], byte[]> connection, String keyPrefix, int chunkSize) {
		if (chunkSize <= 0) {
			throw new IllegalArgumentException("chunkSize must be positive");
		}
		this.connection = connection;
		this.keyPrefix = keyPrefix;
		this.chunkSize = chunkSize;
	}

	@Override
	public Optional<Artifact> get(String owner, String key) {
		check(owner, key);
		String head = head(owner, key);
		// Keeps the owner set as recently used as its entries, so volatile-lru does not
		// drop the index of a hot owner before its entries.
		this.connection.async().touch(bytes(ownerSet(owner)));
		Map<String, byte[]> fields = new HashMap<>();
		await(this.connection.async().hgetall(bytes(head))).forEach((field, value) -> fields.put(text(field), value));
		Map<String, String> attributes = new HashMap<>();
		fields.forEach((field, value) -> {
			if (field.startsWith(ATTRIBUTE)) {
				attributes.put(field.substring(ATTRIBUTE.length()), text(value));
			}
		});
		byte[] data = fields.containsKey("data") ? fields.get("data") : chunks(head, fields);
		return Optional.ofNullable(data).map((bytes) -> new Artifact(bytes, attributes));
	}

	/** The head's time to live: a missing head (-2) is not kept. */
	@Override
	public Optional<Duration> remaining(String owner, String key) {
		check(owner, key);
		long millis = await(this.connection.async().pttl(bytes(head(owner, key))));
		return (millis == -2) ? Optional.empty()
				: Optional.of((millis < 0) ? Duration.ofDays(365) : Duration.ofMillis(millis));
	}

	/** The bytes of a chunked entry, or null when the head or a chunk is missing. */
	private byte @Nullable [] chunks(String head, Map<String, byte[]> fields) {
		if (!fields.containsKey("gen") || !fields.containsKey("chunks") || !fields.containsKey("size")) {
			return null;
		}
		String generation = text(fields.get("gen"));
		int count = Integer.parseInt(text(fields.get("chunks")));
		int size = Integer.parseInt(text(fields.get("size")));
		List<RedisFuture<byte[]>> reads = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			reads.add(this.connection.async().get(bytes(head + ":" + generation + ":" + i)));
		}
		byte[] data = new byte[size];
		int offset = 0;
		for (RedisFuture<byte[]> read : reads) {
			byte[] chunk = await(read);
			if (chunk == null || offset + chunk.length > size) {
				return null;
			}
			System.arraycopy(chunk, 0, data, offset, chunk.length);
			offset += chunk.length;
		}
		return (offset == size) ? data : null;
	}

	/**
	 * Writes the chunks, then the head, all with the TTL. A TTL of zero or less stores
	 * nothing, and drops what was there, as the entry would have expired at once.
	 */
	@Override
	public void put(String owner, String key, Artifact artifact, Duration ttl) {
		check(owner, key);
		long millis = ttl.toMillis();
		if (millis <= 0) {
			remove(owner, key);
			return;
		}
		String head = head(owner, key);
		byte[] data = artifact.bytes();
		List<byte[]> fields = new ArrayList<>();
		artifact.attributes().forEach((name, value) -> {
			fields.add(bytes(ATTRIBUTE + name));
			fields.add(bytes(value));
		});
		if (data.length <= this.chunkSize) {
			fields.add(bytes("data"));
			fields.add(data);
		}
		else {
			String generation = Long.toHexString(ThreadLocalRandom.current().nextLong());
			int count = (data.length + this.chunkSize - 1) / this.chunkSize;
			List<RedisFuture<String>> writes = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				byte[] chunk = Arrays.copyOfRange(data, i * this.chunkSize,
						Math.min(data.length, (i + 1) * this.chunkSize));
				writes.add(this.connection.async()
					.set(bytes(head + ":" + generation + ":" + i), chunk, SetArgs.Builder.px(millis)));
			}
			writes.forEach(this::await);
			fields.addAll(List.of(bytes("gen"), bytes(generation), bytes("chunks"), bytes(Integer.toString(count)),
					bytes("size"), bytes(Integer.toString(data.length))));
		}
		List<byte[]> arguments = new ArrayList<>(List.of(bytes(Long.toString(millis)), bytes(key)));
		arguments.addAll(fields);
		run(PUT_HEAD, new byte[][] { bytes(head), bytes(ownerSet(owner)) }, arguments.toArray(byte[][]::new));
	}

	@Override
	public void remove(String owner, String key) {
		check(owner, key);
		run(REMOVE, new byte[][] { bytes(ownerSet(owner)), bytes(head(owner, key)) }, bytes(key));
	}

	/**
	 * Takes the owner's keys out of its set a batch at a time and deletes their entries,
	 * until the set is empty (and so gone).
	 */
	@Override
	public void evict(String owner) {
		check(owner, "evict");
		byte[] set = bytes(ownerSet(owner));
		while (true) {
			Set<byte[]> keys = await(this.connection.async().spop(set, EVICT_BATCH));
			if (keys.isEmpty()) {
				return;
			}
			List<byte[]> heads = new ArrayList<>(List.<byte[]>of(set));
			keys.forEach((key) -> heads.add(bytes(head(owner, text(key)))));
			run(REMOVE, heads.toArray(byte[][]::new));
		}
	}

	private void run(Script script, byte[][] keys, byte[]... arguments) {
		try {
			await(this.connection.async().evalsha(script.sha(), ScriptOutputType.INTEGER, keys, arguments));
		}
		catch (RedisNoScriptException ex) {
			// First use since Redis started: EVAL runs it and keeps it for EVALSHA.
			await(this.connection.async().eval(script.source(), ScriptOutputType.INTEGER, keys, arguments));
		}
	}

	/** Waits at most the connection's command timeout, as the sync API would. */
	private <T> T await(RedisFuture<T> future) {
		return LettuceFutures.awaitOrCancel(future, this.connection.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
	}

	private String head(String owner, String key) {
		return this.keyPrefix + "cache:" + owner + ":" + key;
	}

	private String ownerSet(String owner) {
		return this.keyPrefix + "cache-owner:" + owner;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/** Names without ':' so that no head can be read as another entry's chunk. */
	private static void check(String owner, String key) {
		if (!SAFE_NAME.matcher(owner).matches() || !SAFE_NAME.matcher(key).matches()) {
			throw new IllegalArgumentException("owner and key must be short names of letters, digits, - and _");
		}
	}

	private record Script(String source, String sha) {

		Script(String source) {
			this(source, sha1(source));
		}

		private static String sha1(String source) {
			try {
				byte[] digest = MessageDigest.getInstance("SHA-1").digest(bytes(source));
				return HexFormat.of().formatHex(digest);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
