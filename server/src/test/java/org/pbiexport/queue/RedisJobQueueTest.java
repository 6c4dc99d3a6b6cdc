package org.pbiexport.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.queue.RedisQueueFixture.Job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Redis Streams queue against a real Redis: order, capacity, single flight, waits,
 * and a Redis that loses its data or restarts. Reclaiming:
 * {@link RedisJobQueueReclaimTest}.
 */
class RedisJobQueueTest {

	private RedisQueueFixture redis;

	@BeforeEach
	void connect() {
		this.redis = new RedisQueueFixture();
	}

	@AfterEach
	void cleanUp() throws Exception {
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void jobsOfALaneComeOutInTheOrderTheyWentIn() throws Exception {
		RedisJobQueue<Job> queue = this.redis.queue("w1", 10);
		for (String name : List.of("a", "b", "c")) {
			assertThat(queue.offer(Job.interactive(name))).isTrue();
		}
		assertThat(names(queue, 3)).containsExactly("a", "b", "c");
	}

	@Test
	void interactiveJobsGoBeforeBackgroundOnes() throws Exception {
		RedisJobQueue<Job> queue = this.redis.queue("w1", 10);
		queue.offer(Job.background("b1"));
		queue.offer(Job.interactive("i1"));
		queue.offer(Job.background("b2"));
		queue.offer(Job.interactive("i2"));
		assertThat(names(queue, 4)).containsExactly("i1", "i2", "b1", "b2");
	}

	@Test
	void theCapacityIsTheClustersAndABatchFitsWholeOrNotAtAll() throws Exception {
		RedisJobQueue<Job> web1 = this.redis.queue("web1", 3);
		RedisJobQueue<Job> web2 = this.redis.queue("web2", 3);
		assertThat(web1.offer(Job.interactive("a"))).isTrue();
		assertThat(web2.offerAll(List.of(Job.interactive("b"), Job.background("c"), Job.interactive("d"))))
			.as("three more do not fit beside one")
			.isFalse();
		assertThat(web2.size()).isEqualTo(1);
		assertThat(web2.offerAll(List.of(Job.interactive("b"), Job.background("c")))).isTrue();
		assertThat(web1.offer(Job.interactive("e"))).isFalse();
		assertThat(web1.offerOnce("e", Job.interactive("e"), Duration.ofMinutes(1))).isEqualTo(JobQueue.Offered.FULL);

		Job taken = web1.poll(Duration.ZERO);
		assertThat(web1.offer(Job.interactive("e"))).as("a taken job still counts until acknowledged").isFalse();
		web1.acknowledge(taken);
		assertThat(web2.offer(Job.interactive("e"))).isTrue();
	}

	@Test
	void offerOnceRefusesTheSameKeyUntilItsJobIsAcknowledged() throws Exception {
		RedisJobQueue<Job> web = this.redis.queue("web", 10);
		RedisJobQueue<Job> worker = this.redis.queue("worker", 10);
		Duration hold = Duration.ofMinutes(1);
		assertThat(web.offerOnce("report-1", Job.interactive("first"), hold)).isEqualTo(JobQueue.Offered.QUEUED);
		assertThat(web.offerOnce("report-1", Job.interactive("second"), hold))
			.isEqualTo(JobQueue.Offered.ALREADY_QUEUED);
		assertThat(web.offerOnce("report-2", Job.interactive("other"), hold)).isEqualTo(JobQueue.Offered.QUEUED);

		Job first = worker.poll(Duration.ZERO);
		assertThat(first.name()).isEqualTo("first");
		assertThat(web.offerOnce("report-1", Job.interactive("second"), hold)).as("being worked on")
			.isEqualTo(JobQueue.Offered.ALREADY_QUEUED);
		worker.acknowledge(first);
		assertThat(web.offerOnce("report-1", Job.interactive("third"), hold)).isEqualTo(JobQueue.Offered.QUEUED);
		assertThat(web.offerOnce("report-3", Job.interactive("short"), Duration.ofMillis(200)))
			.isEqualTo(JobQueue.Offered.QUEUED);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> web.offerOnce("report-3", Job.interactive("again"), hold) == JobQueue.Offered.QUEUED);
	}

	@Test
	void anAcknowledgedJobIsDeleted() throws Exception {
		RedisJobQueue<Job> queue = this.redis.queue("w1", 10);
		queue.offer(Job.interactive("a"));
		queue.offer(Job.interactive("b"));
		Job a = queue.poll(Duration.ZERO);
		assertThat(queue.size()).isEqualTo(2);
		assertThat(queue.inProgress()).isEqualTo(1);
		queue.acknowledge(a);
		assertThat(queue.size()).isEqualTo(1);
		assertThat(queue.inProgress()).isZero();
	}

	@Test
	void aJobStillWaitingCanBeTakenBackByItsOfferer() throws Exception {
		RedisJobQueue<Job> queue = this.redis.queue("w1", 10);
		Job waiting = Job.interactive("waiting");
		Job taken = Job.interactive("taken");
		queue.offer(taken);
		queue.offer(waiting);
		assertThat(queue.poll(Duration.ZERO).name()).isEqualTo("taken");
		assertThat(queue.remove(taken)).isFalse();
		assertThat(queue.remove(waiting)).isTrue();
		assertThat(queue.remove(Job.interactive("unknown"))).isFalse();
		assertThat(queue.size()).isEqualTo(1);
		assertThat(queue.drain()).isEmpty();
	}

	@Test
	void pollOnAnEmptyQueueReturnsNullAfterItsWait() throws Exception {
		RedisJobQueue<Job> queue = this.redis.queue("w1", 10);
		long start = System.nanoTime();
		assertThat(queue.poll(Duration.ofMillis(500))).isNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(450),
				Duration.ofMillis(1500));

		start = System.nanoTime();
		assertThat(queue.poll(Duration.ofMillis(2500))).as("a wait beyond the 2 s command timeout").isNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(2450),
				Duration.ofMillis(3500));
	}

	@Test
	void aWaitingPollTakesAJobOfferedMeanwhile() throws Exception {
		RedisJobQueue<Job> worker = this.redis.queue("worker", 10);
		RedisJobQueue<Job> web = this.redis.queue("web", 10);
		CompletableFuture<Job> polled = CompletableFuture.supplyAsync(() -> {
			try {
				return worker.poll(Duration.ofSeconds(10));
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().pollDelay(Duration.ofMillis(300)).until(() -> true);
		web.offer(Job.interactive("late"));
		assertThat(polled.get(3, TimeUnit.SECONDS).name()).isEqualTo("late");
	}

	@Test
	void theGroupIsCreatedAgainWhenRedisLostIt() throws Exception {
		try (LocalRedis server = LocalRedis.startPrivate()) {
			RedisClient client = this.redis.client(server);
			RedisJobQueue<Job> queue = this.redis.queue(client, "w1", 10);
			queue.offer(Job.interactive("before"));
			Job before = queue.poll(Duration.ZERO);
			assertThat(before.name()).isEqualTo("before");
			this.redis.commands(client).flushall();
			queue.acknowledge(before);
			queue.offer(Job.interactive("after"));
			assertThat(queue.poll(Duration.ofSeconds(1)).name()).isEqualTo("after");
			assertThat(queue.inProgress()).isEqualTo(1);
		}
	}

	@Test
	void queuedJobsOutliveARestartOfRedisAndCallsWorkAgainAfterIt() throws Exception {
		try (LocalRedis server = LocalRedis.startPrivate()) {
			RedisClient client = this.redis.client(server);
			RedisJobQueue<Job> queue = this.redis.queue(client, "w1", 10);
			queue.offer(Job.interactive("a"));
			queue.offer(Job.background("b"));
			server.stop();
			assertThatExceptionOfType(RedisException.class).isThrownBy(() -> queue.offer(Job.interactive("c")));
			server.start();

			Job a = await().atMost(Duration.ofSeconds(10))
				.ignoreExceptionsInstanceOf(RedisException.class)
				.until(() -> queue.poll(Duration.ZERO), (job) -> job != null);
			assertThat(a.name()).isEqualTo("a");
			Job b = queue.poll(Duration.ZERO);
			assertThat(b.name()).isEqualTo("b");
			queue.acknowledge(b);
			assertThat(queue.offerOnce("c", Job.interactive("c"), Duration.ofMinutes(1)))
				.as("the scripts are loaded again")
				.isEqualTo(JobQueue.Offered.QUEUED);
			assertThat(queue.size()).isEqualTo(2);
		}
	}

	private static List<String> names(RedisJobQueue<Job> queue, int count) throws InterruptedException {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Job job = queue.poll(Duration.ZERO);
			names.add(job.name());
			queue.acknowledge(job);
		}
		return names;
	}

}
