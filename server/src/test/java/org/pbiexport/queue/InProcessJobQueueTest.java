package org.pbiexport.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default's queue: bounded, all-or-none batches, fair between clients. */
class InProcessJobQueueTest {

	record Job(String client, String name, boolean background) {
	}

	private static final Fairness<Job> FAIRNESS = new Fairness<>() {
		@Override
		public String client(Job job) {
			return job.client();
		}

		@Override
		public boolean background(Job job) {
			return job.background();
		}
	};

	@Test
	void aClientFloodingTheQueueDoesNotKeepAnotherWaitingBehindAllOfIt() throws Exception {
		InProcessJobQueue<Job> queue = new InProcessJobQueue<>(16, 8, FAIRNESS);
		for (int i = 0; i < 8; i++) {
			assertThat(queue.offer(new Job("flood", "f" + i, false))).isTrue();
		}
		assertThat(queue.offer(new Job("flood", "f8", false))).as("the flooder's ninth waits no more").isFalse();
		assertThat(queue.offer(new Job("other", "o0", false))).isTrue();

		List<String> order = takeAll(queue);
		assertThat(order.indexOf("o0")).as("the other client's job is taken second, not ninth").isEqualTo(1);
	}

	@Test
	void interactiveJobsGoBeforeBackgroundOnes() throws Exception {
		InProcessJobQueue<Job> queue = new InProcessJobQueue<>(16, 8, FAIRNESS);
		queue.offer(new Job("a", "async1", true));
		queue.offer(new Job("a", "async2", true));
		queue.offer(new Job("b", "now", false));

		assertThat(takeAll(queue)).containsExactly("now", "async1", "async2");
	}

	@Test
	void aBatchIsQueuedWholeOrNotAtAll() {
		InProcessJobQueue<Job> queue = new InProcessJobQueue<>(5, 5, FAIRNESS);
		queue.offer(new Job("a", "x", false));
		List<Job> batch = List.of(new Job("b", "1", false), new Job("b", "2", false), new Job("b", "3", false),
				new Job("b", "4", false), new Job("b", "5", false));

		assertThat(queue.offerAll(batch)).isFalse();
		assertThat(queue.size()).isEqualTo(1);
		assertThat(queue.offerAll(batch.subList(0, 4))).isTrue();
		assertThat(queue.size()).isEqualTo(5);
	}

	@Test
	void aClientWithNothingWaitingMayQueueOneWholeExportBeyondItsShare() {
		InProcessJobQueue<Job> queue = new InProcessJobQueue<>(30, 4, FAIRNESS);
		List<Job> twenty = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			twenty.add(new Job("a", "p" + i, false));
		}
		assertThat(queue.offerAll(twenty)).isTrue();
		assertThat(queue.offer(new Job("a", "more", false))).isFalse();
	}

	@Test
	void aJobTakenBackIsGoneAndDrainEmptiesEverything() throws Exception {
		InProcessJobQueue<Job> queue = new InProcessJobQueue<>(8, 8, FAIRNESS);
		Job gone = new Job("a", "gone", false);
		queue.offer(gone);
		queue.offer(new Job("a", "kept", false));
		queue.offer(new Job("b", "late", true));

		assertThat(queue.remove(gone)).isTrue();
		assertThat(queue.remove(gone)).isFalse();
		assertThat(queue.drain()).extracting(Job::name).containsExactly("kept", "late");
		assertThat(queue.size()).isZero();
		assertThat(queue.poll(Duration.ofMillis(10))).isNull();
	}

	private static List<String> takeAll(InProcessJobQueue<Job> queue) throws InterruptedException {
		List<String> names = new ArrayList<>();
		for (Job job = queue.poll(Duration.ZERO); job != null; job = queue.poll(Duration.ZERO)) {
			names.add(job.name());
		}
		return names;
	}

}
