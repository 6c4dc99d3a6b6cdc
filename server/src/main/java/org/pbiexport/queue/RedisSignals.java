package org.pbiexport.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals between the nodes of a scaled-out deployment, on Redis pub/sub: channel
 * {@code <prefix>signal:<channel>}. One pub/sub connection carries every subscription,
 * and Lettuce subscribes it again after a reconnect; messages published while it was down
 * are lost, as {@link Signals} allows. Listeners run one at a time on a thread of this
 * class's, so a slow one delays the others but never Lettuce's I/O thread.
 */
public final class RedisSignals implements Signals, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisSignals.class);

	private final String keyPrefix;

	private final StatefulRedisConnection<String, String> publisher;

	private final StatefulRedisPubSubConnection<String, String> subscriber;

	private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();

	private final ExecutorService dispatcher = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "redis-signals");
		thread.setDaemon(true);
		return thread;
	});

	/** Opens its connections: fails when Redis cannot be reached. */
	public RedisSignals(RedisClient client, String keyPrefix) {
		this.keyPrefix = keyPrefix;
		this.publisher = client.connect(StringCodec.UTF8);
		try {
			this.subscriber = client.connectPubSub(StringCodec.UTF8);
		}
		catch (RuntimeException ex) {
			this.publisher.close();
			this.dispatcher.shutdownNow();
			throw ex;
		}
		this.subscriber.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				dispatch(channel, message);
			}
		});
	}

	@Override
	public void publish(String channel, String message) {
		this.publisher.sync().publish(channel(channel), message);
	}

	/**
	 * @throws RedisException when Redis is unreachable: the listener is then not
	 * registered
	 */
	@Override
	public Subscription subscribe(String channel, Consumer<String> listener) {
		String name = channel(channel);
		synchronized (this.listeners) {
			List<Consumer<String>> channelListeners = this.listeners.computeIfAbsent(name,
					(key) -> new CopyOnWriteArrayList<>());
			if (channelListeners.isEmpty()) {
				try {
					this.subscriber.sync().subscribe(name);
				}
				catch (RedisException ex) {
					this.listeners.remove(name);
					throw ex;
				}
			}
			channelListeners.add(listener);
		}
		return () -> unsubscribe(name, listener);
	}

	/**
	 * Drops the listener at once; the channel's Redis subscription ends with its last
	 * listener, or, when Redis is unreachable then, stays idle (nothing listens to it).
	 */
	private void unsubscribe(String name, Consumer<String> listener) {
		synchronized (this.listeners) {
			List<Consumer<String>> channelListeners = this.listeners.get(name);
			if (channelListeners == null || !channelListeners.remove(listener) || !channelListeners.isEmpty()) {
				return;
			}
			this.listeners.remove(name);
			try {
				this.subscriber.sync().unsubscribe(name);
			}
			catch (RedisException ex) {
				log.debug("Could not unsubscribe from {}: {}", name, ex.toString());
			}
		}
	}

	private void dispatch(String channel, String message) {
		try {
			this.dispatcher.execute(() -> deliver(channel, message));
		}
		catch (RejectedExecutionException ex) {
			// closed: nobody listens any more
		}
	}

	private void deliver(String channel, String message) {
		for (Consumer<String> listener : this.listeners.getOrDefault(channel, List.of())) {
			try {
				listener.accept(message);
			}
			catch (RuntimeException ex) {
				log.warn("A listener of {} failed: {}", channel, ex.toString());
			}
		}
	}

	private String channel(String channel) {
		return this.keyPrefix + "signal:" + channel;
	}

	@Override
	public void close() {
		this.dispatcher.shutdownNow();
		this.subscriber.close();
		this.publisher.close();
	}

}
