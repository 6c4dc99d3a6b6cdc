package org.pbiexport.render;

import java.time.Duration;
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
import static org.awaitility.Awaitility.await;

/**
 * Killing Chromium's processes in the middle of a render: that render fails cleanly or
 * succeeds on a new browser, nothing stays open, and the next render works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.admin.password=test-admin-pw", "pbi-export.render.concurrency=1" })
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

	private static List<ProcessHandle> chromium(List<ProcessHandle> processes) {
		return processes.stream().filter((process) -> process.info().command().orElse("").contains("chrom")).toList();
	}

	private RenderJob job(String path) {
		return new RenderJob("http://127.0.0.1:" + this.port + path, 1280, 720, 1, RenderJob.Output.PNG,
				new Readiness("document.documentElement.dataset.renderState", null, Duration.ofMillis(500)),
				Instant.now().plusSeconds(20));
	}

}
