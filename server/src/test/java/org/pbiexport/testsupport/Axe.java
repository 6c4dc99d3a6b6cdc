package org.pbiexport.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * axe-core's WCAG 2 A and AA rules run on a page in Chromium. It goes in as an inline
 * script, which the app's Content-Security-Policy refuses: open the app's pages in a
 * context made with {@code setBypassCSP(true)}.
 */
public final class Axe {

	private static final String SCRIPT = read();

	private Axe() {
	}

	/**
	 * A browser context of this size for pages axe runs on: it bypasses the pages'
	 * Content-Security-Policy, which refuses axe's inline script (the policy itself is
	 * checked in HardeningTest).
	 */
	public static BrowserContext context(int width, int height) {
		BrowserContext context = Chromium.shared()
			.browser()
			.newContext(new Browser.NewContextOptions().setViewportSize(width, height).setBypassCSP(true));
		context.setDefaultTimeout(20_000);
		return context;
	}

	/**
	 * The serious and critical violations on the page, one line each: rule, help and up
	 * to five places. axe goes into each document once, however often it runs there (as
	 * in each theme), and works out only violations in full: passes and the like, which
	 * nothing reads, are left unprocessed.
	 */
	@SuppressWarnings("unchecked")
	public static List<String> seriousViolations(Page page) {
		if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
			page.addScriptTag(new Page.AddScriptTagOptions().setContent(SCRIPT));
		}
		List<Map<String, Object>> found = (List<Map<String, Object>>) page.evaluate("""
				async () => {
				  const result = await axe.run(document,
				    { runOnly: ['wcag2a', 'wcag2aa'], resultTypes: ['violations'] });
				  return result.violations
				    .filter(v => v.impact === 'serious' || v.impact === 'critical')
				    .map(v => ({ id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }));
				}""");
		return found.stream()
			.map((violation) -> violation.get("id") + " — " + violation.get("help") + " at " + violation.get("nodes"))
			.toList();
	}

	private static String read() {
		try (InputStream script = Axe.class
			.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
			assertThat(script).as("axe-core on the test class path").isNotNull();
			return new String(script.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
