package org.pbiexport.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Signals between nodes on Redis pub/sub, against a real Redis. */
class RedisSignalsTest {

	private final String prefix = LocalRedis.prefix();

	private final List<AutoCloseable> closing = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.closing.size() - 1; i >= 0; i--) {
			this.closing.get(i).close();
		}
	}

	@Test
	void aMessagePublishedOnOneNodeReachesTheListenersOfAnother() {
		LocalRedis.requireShared();
		RedisClient client = client(LocalRedis.SHARED_PORT);
		RedisSignals web = signals(client, this.prefix);
		RedisSignals worker = signals(client, this.prefix);
		RedisSignals otherCluster = signals(client, LocalRedis.prefix());
		List<String> first = new CopyOnWriteArrayList<>();
		List<String> second = new CopyOnWriteArrayList<>();
		List<String> elsewhere = new CopyOnWriteArrayList<>();
		Signals.Subscription subscription = web.subscribe("rendered", first::add);
		web.subscribe("rendered", (message) -> {
			throw new IllegalStateException("a failing listener");
		});
		web.subscribe("rendered", second::add);
		otherCluster.subscribe("rendered", elsewhere::add);

		worker.publish("rendered", "job-1");
		worker.publish("changed", "report-1");
		await().atMost(Duration.ofSeconds(5)).until(() -> second.size() == 1);
		assertThat(first).containsExactly("job-1");

		subscription.close();
		worker.publish("rendered", "job-2");
		await().atMost(Duration.ofSeconds(5)).until(() -> second.size() == 2);
		assertThat(first).containsExactly("job-1");
		assertThat(second).containsExactly("job-1", "job-2");
		assertThat(elsewhere).as("another key prefix is another cluster").isEmpty();
	}

	@Test
	void aSubscriptionWorksAgainAfterARestartOfRedis() throws Exception {
		try (LocalRedis redis = LocalRedis.startPrivate()) {
			RedisClient client = client(redis.port());
			RedisSignals web = signals(client, this.prefix);
			RedisSignals worker = signals(client, this.prefix);
			List<String> received = new CopyOnWriteArrayList<>();
			web.subscribe("rendered", received::add);
			worker.publish("rendered", "before");
			await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("before"));

			redis.restart();
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptionsInstanceOf(RedisException.class)
				.until(() -> {
					worker.publish("rendered", "after");
					return received.contains("after");
				});
		}
	}

	private RedisClient client(int port) {
		RedisClient client = LocalRedis.client(port);
		this.closing.add(client::shutdown);
		return client;
	}

	private RedisSignals signals(RedisClient client, String prefix) {
		RedisSignals signals = new RedisSignals(client, prefix);
		this.closing.add(signals);
		return signals;
	}

}
