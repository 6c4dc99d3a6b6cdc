package org.pbiexport.queue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.queue.RedisQueueFixture.Job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.pbiexport.queue.RedisQueueFixture.RECLAIM_AFTER;

/**
 * A job taken and never acknowledged goes to another worker once its own stops confirming
 * it: because it died, or because it worked on the job past its budget.
 */
class RedisJobQueueReclaimTest {

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
	void theJobOfADeadWorkerIsReclaimedByAnother() throws Exception {
		RedisJobQueue<Job> dead = this.redis.queue("dead", 10);
		RedisJobQueue<Job> alive = this.redis.queue("alive", 10);
		dead.offer(Job.interactive("orphan"));
		assertThat(dead.poll(Duration.ZERO).name()).isEqualTo("orphan");
		dead.close();

		Job reclaimed = await().atMost(Duration.ofSeconds(5))
			.until(() -> alive.poll(Duration.ofMillis(200)), (job) -> job != null);
		assertThat(reclaimed.name()).isEqualTo("orphan");
		assertThat(alive.reclaimed()).isEqualTo(1);
		alive.acknowledge(reclaimed);
		assertThat(alive.size()).isZero();
	}

	@Test
	void theJobOfALiveWorkerIsNotReclaimed() throws Exception {
		RedisJobQueue<Job> busy = this.redis.queue("busy", 10);
		RedisJobQueue<Job> idle = this.redis.queue("idle", 10);
		busy.offer(Job.interactive("long"));
		Job job = busy.poll(Duration.ZERO);
		await().during(RECLAIM_AFTER.multipliedBy(3))
			.atMost(RECLAIM_AFTER.multipliedBy(4))
			.until(() -> idle.poll(Duration.ofMillis(200)) == null);
		assertThat(idle.reclaimed()).isZero();
		busy.acknowledge(job);
	}

	@Test
	void aJobWorkedOnPastItsBudgetIsReclaimedAlthoughItsWorkerLives() throws Exception {
		RedisJobQueue<Job> slow = this.redis.queue("slow", 10);
		RedisJobQueue<Job> other = this.redis.queue("other", 10);
		slow.offer(new Job("overdue", false, Instant.now().minus(RECLAIM_AFTER)));
		assertThat(slow.poll(Duration.ZERO).name()).isEqualTo("overdue");

		Job reclaimed = await().atMost(Duration.ofSeconds(5))
			.until(() -> other.poll(Duration.ofMillis(200)), (job) -> job != null);
		assertThat(reclaimed.name()).isEqualTo("overdue");
		assertThat(other.reclaimed()).isEqualTo(1);
	}

}
