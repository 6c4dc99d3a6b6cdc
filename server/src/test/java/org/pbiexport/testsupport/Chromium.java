package org.pbiexport.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Debian Chromium driven by Playwright, for tests that look at pages as people
 * see them. Playwright never downloads a browser here. Missing Chromium skips the test on
 * a developer's machine and fails it when {@code CI=true}.
 */
public final class Chromium implements AutoCloseable {

	public static final Path EXECUTABLE = Paths
		.get(System.getenv().getOrDefault("PBI_EXPORT_RENDER_CHROMIUM_PATH", "/usr/bin/chromium"));

	static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
			"--hide-scrollbars");

	private final Playwright playwright;

	private final Browser browser;

	private Chromium() {
		this.playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		this.browser = this.playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(ARGS));
	}

	private static Chromium shared;

	/** Skips the test (fails it when {@code CI=true}) unless Chromium is installed. */
	public static void require() {
		if (!Files.isExecutable(EXECUTABLE)) {
			String message = "Chromium is not installed at " + EXECUTABLE + " (apt-get install chromium)";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(message);
			}
			Assumptions.abort(message);
		}
	}

	/** Starts a Chromium of its own, or skips (fails in CI) when it is not installed. */
	public static Chromium start() {
		require();
		return new Chromium();
	}

	/**
	 * One Chromium for every test that only needs to look at pages, started on first use
	 * and closed when the test JVM ends; tests run on one thread, as Playwright requires.
	 */
	public static synchronized Chromium shared() {
		if (shared == null) {
			shared = start();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
		}
		return shared;
	}

	public Browser browser() {
		return this.browser;
	}

	/**
	 * A fresh browser context with a laptop's screen (1366×900) that waits up to 20 s for
	 * what a test expects, as the admin page tests look at pages.
	 */
	public BrowserContext laptopContext() {
		BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900));
		context.setDefaultTimeout(20_000);
		return context;
	}

	@Override
	public void close() {
		this.browser.close();
		this.playwright.close();
	}

}
