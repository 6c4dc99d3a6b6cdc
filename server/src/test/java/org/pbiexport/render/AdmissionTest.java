package org.pbiexport.render;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many renders run at once, by the memory there is, and when Chromium is sandboxed.
 */
class AdmissionTest {

	private static final long MB = 1024 * 1024;

	@Test
	void admitsAsManyAsTheSpareMemoryHoldsUpToTheCap() {
		AtomicLong available = new AtomicLong(512 * MB + 3 * 150 * MB + 10 * MB);
		Admission admission = new Admission(properties(0, 8), available::get);

		assertThat(admission.cap()).isEqualTo(8);
		assertThat(admission.level(0)).isEqualTo(3);
		// Renders already running count as having their memory: the spare is for more.
		assertThat(admission.level(2)).isEqualTo(5);

		available.set(64 * 1024 * MB);
		assertThat(admission.level(0)).isEqualTo(8);

		available.set(100 * MB);
		assertThat(admission.level(0)).as("never fewer than one").isEqualTo(1);
		assertThat(admission.level(3)).as("a machine short of memory admits no more").isEqualTo(3);
	}

	@Test
	void tryEnterStopsAtTheAdmittedLevelAndLeaveFreesAPlace() {
		AtomicLong available = new AtomicLong(512 * MB + 2 * 150 * MB);
		Admission admission = new Admission(properties(0, 8), available::get);

		assertThat(admission.tryEnter()).isTrue();
		assertThat(admission.tryEnter()).isTrue();
		available.set(512 * MB);
		assertThat(admission.tryEnter()).isFalse();
		assertThat(admission.admitted()).isEqualTo(2);
		admission.leave();
		assertThat(admission.tryEnter()).as("the memory of the render that left is not there").isFalse();
		available.set(512 * MB + 150 * MB);
		assertThat(admission.tryEnter()).isTrue();
	}

	@Test
	void aSetConcurrencyIsKeptWhateverTheMemory() {
		Admission admission = new Admission(properties(3, 0), () -> 0);

		assertThat(admission.cap()).isEqualTo(3);
		assertThat(admission.level(0)).isEqualTo(3);
	}

	@Test
	void theDefaultCapIsFourRendersPerCore() {
		Admission admission = new Admission(properties(0, 0), () -> Long.MAX_VALUE);

		assertThat(admission.cap()).isEqualTo(4 * Runtime.getRuntime().availableProcessors());
	}

	@Test
	void theSandboxIsOnExceptAsRootOrWithoutUserNamespaces() {
		assertThat(Sandbox.possible(Optional.of(1000), Optional.of("1"), Optional.of("63000"))).isTrue();
		assertThat(Sandbox.possible(Optional.of(1000), Optional.empty(), Optional.empty())).isTrue();
		assertThat(Sandbox.possible(Optional.of(0), Optional.of("1"), Optional.of("63000"))).isFalse();
		assertThat(Sandbox.possible(Optional.of(1000), Optional.of("0"), Optional.of("63000"))).isFalse();
		assertThat(Sandbox.possible(Optional.of(1000), Optional.of("1"), Optional.of("0"))).isFalse();
		assertThat(Sandbox.possible(Optional.empty(), Optional.empty(), Optional.empty())).isFalse();
	}

	@Test
	void theBrowserServerIsLaunchedWithTheSandboxDecisionAndOurArguments() {
		String on = BrowserServer.options(withSandbox(Sandbox.ON), true);
		String off = BrowserServer.options(withSandbox(Sandbox.OFF), false);

		assertThat(on).contains("\"chromiumSandbox\":true")
			.contains("\"executablePath\":\"/usr/bin/chromium\"")
			.contains("\"--disable-background-networking\"")
			.doesNotContain("--no-sandbox");
		assertThat(off).contains("\"chromiumSandbox\":false").contains("\"host\":\"127.0.0.1\"");
	}

	private static RenderProperties properties(int concurrency, int maxConcurrency) {
		return new RenderProperties(Path.of("/usr/bin/chromium"), concurrency, 16, 200, List.of(), List.of(), List.of(),
				Duration.ofSeconds(3), maxConcurrency, DataSize.ofMegabytes(150), DataSize.ofMegabytes(512), 1,
				Sandbox.AUTO, Duration.ofSeconds(90), 50, 8);
	}

	private static RenderProperties withSandbox(Sandbox sandbox) {
		return new RenderProperties(Path.of("/usr/bin/chromium"), 1, 16, 200, List.of(), List.of(), List.of(),
				Duration.ofSeconds(3), 0, DataSize.ofMegabytes(150), DataSize.ofMegabytes(512), 1, sandbox,
				Duration.ofSeconds(90), 50, 8);
	}

}
