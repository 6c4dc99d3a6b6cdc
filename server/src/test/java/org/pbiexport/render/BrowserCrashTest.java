package org.pbiexport.render;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.TestDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Killing Chromium's processes in the middle of a render: that render fails cleanly or
 * succeeds on a new browser, nothing stays open, and the next render works. Its context,
 * browser and the processes it kills are its own. It runs alone: beside another class its
 * background job's budget ran out before its slow render finished (CI on two cores).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.admin.password=test-admin-pw", "pbi-export.render.concurrency=1",
				// a render slow enough that a budget with room to spare ends within it
				"pbi-export.demo.max-data-delay=30s" })
class BrowserCrashTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.SQLITE.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	RenderPool pool;

	@Test
	void aKilledBrowserIsReplacedAndTheNextRenderSucceeds() throws Exception {
		Chromium.require();
		CompletableFuture<RenderResult> victim = this.pool.submit(job("/demo/report?delay_ms=3000"));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.pool.openContexts() == 1);

		// Only the shared browser of this pool is killed, not others of the test JVM.
		List<ProcessHandle> chromium = chromium(this.pool.browserProcesses());
		assertThat(chromium).isNotEmpty();
		chromium.forEach(ProcessHandle::destroyForcibly);

		try {
			RenderResult survived = victim.get(30, TimeUnit.SECONDS);
			assertThat(survived.bytes()).isNotEmpty();
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOfAny(RenderFailed.class, RenderTimedOut.class);
		}
		RenderResult next = this.pool.submit(job("/demo/report")).get(30, TimeUnit.SECONDS);
		assertThat(next.readinessRule()).isEqualTo("signal");
		assertThat(this.pool.openContexts()).isZero();
	}

	/**
	 * The attack that once wedged the pool for good: every Chromium process of the app
	 * killed six times, 2 s apart, while renders keep coming. Readiness goes DOWN while
	 * the browser is gone, and within a minute renders succeed again with nothing left
	 * open.
	 */
	@Test
	void sixKillsUnderLoadLeaveAPoolThatRendersAgain() throws Exception {
		Chromium.require();
		this.pool.submit(job("/demo/report")).get(30, TimeUnit.SECONDS);
		AtomicBoolean sawDown = new AtomicBoolean();
		AtomicBoolean loading = new AtomicBoolean(true);
		Thread readiness = new Thread(() -> {
			while (loading.get()) {
				if (readinessStatus() == 503) {
					sawDown.set(true);
				}
				// A browser is replaced within a few hundred milliseconds under load:
				// look often.
				sleep(20);
			}
		});
		readiness.start();
		List<CompletableFuture<RenderResult>> load = new ArrayList<>();
		try {
			for (int kill = 0; kill < 6; kill++) {
				for (int i = 0; i < 2; i++) {
					try {
						load.add(this.pool.submit(job("/demo/report?delay_ms=800")));
					}
					catch (RenderQueueFull ex) {
						// the load is as high as the queue allows
					}
				}
				sleep(1_000);
				chromium(this.pool.browserProcesses()).forEach(ProcessHandle::destroyForcibly);
				sleep(1_000);
			}
			for (CompletableFuture<RenderResult> render : load) {
				try {
					render.get(60, TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					assertThat(ex.getCause()).isInstanceOfAny(RenderFailed.class, RenderTimedOut.class);
				}
			}
			RenderResult after = this.pool.submit(job("/demo/report")).get(60, TimeUnit.SECONDS);
			assertThat(after.readinessRule()).isEqualTo("signal");
		}
		finally {
			loading.set(false);
			readiness.join();
		}
		assertThat(sawDown).as("readiness went DOWN while the browser was gone").isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> readinessStatus() == 200);
		assertThat(this.pool.openContexts()).isZero();
	}

	/**
	 * A 20-page export on an idle pool is queued whole, beyond the queue's 16 places, and
	 * renders; one that cannot fit behind waiting work is refused whole, leaving nothing
	 * queued to run for nobody.
	 */
	@Test
	void aTwentyPageExportIsQueuedWholeOrNotAtAll() throws Exception {
		Chromium.require();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.pool.queued() == 0);
		List<RenderJob> twenty = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			// the demo page without its waits: no data delay, all visuals drawn at once
			twenty.add(job("/demo/report?delay_ms=0&layers=1&draw_ms=0", 180));
		}
		List<CompletableFuture<RenderResult>> pages = this.pool.submitAll(twenty);
		assertThat(pages).hasSize(20);

		int waiting = this.pool.queued();
		assertThat(waiting).isPositive();
		assertThatThrownBy(() -> this.pool.submitAll(twenty)).isInstanceOf(RenderQueueFull.class);
		assertThat(this.pool.queued()).as("nothing of the refused export was queued").isLessThanOrEqualTo(waiting);

		for (CompletableFuture<RenderResult> page : pages) {
			assertThat(page.get(180, TimeUnit.SECONDS).bytes()).isNotEmpty();
		}
		assertThat(this.pool.queued()).isZero();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.openContexts() == 0);
	}

	/**
	 * Async jobs once failed with 504 only because they waited in the queue: a job's
	 * budget now starts when a render thread takes it, and it waits behind interactive
	 * renders up to its own queue-wait limit.
	 */
	@Test
	void aBackgroundJobsBudgetStartsWhenARenderThreadTakesIt() throws Exception {
		Chromium.require();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.pool.queued() == 0);
		CompletableFuture<RenderResult> slow = this.pool.submit(job("/demo/report?delay_ms=12000", 60));
		// Its budget (8 s, room for a render beside other tests) is less than its wait
		// behind the slow render (12 s and more), but it only counts from the start of
		// its own render.
		RenderJob background = job("/demo/report?delay_ms=0", 60).forClient("key:job", Duration.ofSeconds(8));
		CompletableFuture<RenderResult> later = this.pool.submit(background);
		CompletableFuture<RenderResult> interactive = this.pool.submit(job("/demo/report?delay_ms=0"));
		List<String> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
		later.whenComplete((result, failure) -> finished.add("job"));
		interactive.whenComplete((result, failure) -> finished.add("interactive"));

		assertThat(slow.get(60, TimeUnit.SECONDS).bytes()).isNotEmpty();
		assertThat(later.get(30, TimeUnit.SECONDS).bytes()).isNotEmpty();
		assertThat(interactive.get(30, TimeUnit.SECONDS).bytes()).isNotEmpty();
		assertThat(finished).as("the interactive render, queued after the job, went first")
			.containsExactly("interactive", "job");
	}

	private int readinessStatus() {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI
				.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness")
				.toURL()
				.openConnection();
			connection.setConnectTimeout(2_000);
			connection.setReadTimeout(2_000);
			int status = connection.getResponseCode();
			connection.disconnect();
			return status;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static List<ProcessHandle> chromium(List<ProcessHandle> processes) {
		return processes.stream().filter((process) -> process.info().command().orElse("").contains("chrom")).toList();
	}

	private RenderJob job(String path) {
		return job(path, 20);
	}

	private RenderJob job(String path, int budgetSeconds) {
		return new RenderJob("http://127.0.0.1:" + this.port + path, 1280, 720, 1, RenderJob.Output.PNG,
				new Readiness("document.documentElement.dataset.renderState", null, Duration.ofMillis(500)),
				Instant.now().plusSeconds(budgetSeconds));
	}

}
