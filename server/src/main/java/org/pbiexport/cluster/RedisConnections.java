package org.pbiexport.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;

/**
 * The Redis client of a scaled-out node and the two connections most of its work shares
 * (text for job records and signals, bytes for files). Connected once at start: a node
 * that cannot reach Redis then does not start ({@link RedisRequired}). Afterwards Lettuce
 * reconnects by itself; while Redis is away, commands are refused at once rather than
 * queued, so a request answers 503 quickly instead of waiting for Redis.
 */
public final class RedisConnections implements AutoCloseable {

	private final ClientResources resources;

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> text;

	private final StatefulRedisConnection<byte[], byte[]> bytes;

	private final String url;

	RedisConnections(Role role, @Nullable String url, Duration timeout) {
		if (url == null || url.isBlank()) {
			throw new RedisRequired(role, null, null);
		}
		this.url = withoutPassword(url);
		RedisURI uri;
		try {
			uri = RedisURI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new RedisRequired(role, this.url, ex);
		}
		// Back within two seconds of Redis's return, not Lettuce's default of up to 30.
		this.resources = DefaultClientResources.builder()
			.reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
			.build();
		this.client = RedisClient.create(this.resources, uri);
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
			.build());
		try {
			this.text = this.client.connect(StringCodec.UTF8);
			this.bytes = this.client.connect(ByteArrayCodec.INSTANCE);
			this.text.sync().ping();
		}
		catch (RedisException ex) {
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
			this.resources.shutdown();
			throw new RedisRequired(role, this.url, ex);
		}
	}

	/** The client, for adapters that need connections of their own (blocking reads). */
	public RedisClient client() {
		return this.client;
	}

	public StatefulRedisConnection<String, String> text() {
		return this.text;
	}

	public StatefulRedisConnection<byte[], byte[]> bytes() {
		return this.bytes;
	}

	/** Where Redis is, without its password: for logs and messages. */
	public String url() {
		return this.url;
	}

	@Override
	public void close() {
		this.text.close();
		this.bytes.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.resources.shutdown();
	}

	private static String withoutPassword(String url) {
		return url.replaceAll("//[^@/]*@", "//***@");
	}

}
