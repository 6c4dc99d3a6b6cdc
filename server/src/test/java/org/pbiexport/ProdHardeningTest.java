package org.pbiexport;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.ProdApp;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defects of issue 14 that showed in the {@code prod} profile, against the running
 * app over real HTTP.
 */
class ProdHardeningTest extends ProdApp {

	@LocalServerPort
	int port;

	@Test
	void aPageOfAnOriginNotAllowedIsRefusedWithAProblem() {
		Http.Response refused = new Http(this.port).with("Origin", "https://evil.example.com").get("/api/reports");

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.contentType()).isEqualTo("application/problem+json");
		assertThat(refused.json().get("type").stringValue()).isEqualTo("/problems/origin-not-allowed");
		assertThat(refused.json().get("detail").stringValue()).contains("pbi-export.api.allowed-origins");
	}

	@Test
	void metricsAreForAdminsAndTheScraperOnly() {
		Http anonymous = new Http(this.port);
		for (String path : new String[] { "/actuator/prometheus", "/actuator/info", "/actuator" }) {
			Http.Response refused = anonymous.get(path);
			assertThat(refused.status()).as(path).isEqualTo(401);
			assertThat(refused.contentType()).as(path).isEqualTo("application/problem+json");
			assertThat(refused.json().get("detail").stringValue()).as(path)
				.contains("pbi-export.metrics.scrape-token", "Authorization: Bearer <token>");
			assertThat(refused.body()).doesNotContain("jvm_", "pbi_export_");
		}
		assertThat(
				anonymous.with("Authorization", "Bearer not-the-" + SCRAPE_TOKEN).get("/actuator/prometheus").status())
			.isEqualTo(401);
		assertThat(anonymous.with("Authorization", "Basic " + SCRAPE_TOKEN).get("/actuator/prometheus").status())
			.isEqualTo(401);
		Http viewer = anonymous.as("watcher", "a-long-viewer-password");
		assertThat(anonymous.as("admin", "test-admin-pw")
			.send("POST", "/admin/users", "application/x-www-form-urlencoded",
					"username=watcher&password=a-long-viewer-password&role=VIEWER")
			.status()).isEqualTo(302);
		assertThat(viewer.get("/actuator/prometheus").status()).isEqualTo(403);

		Http.Response scraped = anonymous.with("Authorization", "Bearer " + SCRAPE_TOKEN).get("/actuator/prometheus");
		assertThat(scraped.status()).isEqualTo(200);
		assertThat(scraped.body()).contains("jvm_memory_used_bytes");
		assertThat(anonymous.as("admin", "test-admin-pw").get("/actuator/prometheus").status()).isEqualTo(200);
		for (String path : new String[] { "/actuator/health", "/actuator/health/liveness",
				"/actuator/health/readiness" }) {
			assertThat(anonymous.get(path).status()).as(path).isEqualTo(200);
		}
	}

	@Test
	void thePortalTellsAnAnonymousVisitorHowToSignIn() {
		String base = "http://localhost:" + this.port;
		try (BrowserContext context = Chromium.shared().laptopContext()) {
			Page page = context.newPage();
			page.navigate(base + "/");

			Locator signIn = page.locator("#portal-empty")
				.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Sign in"));
			signIn.waitFor();
			assertThat(page.locator("#portal-empty").textContent()).contains("Sign in to see the reports")
				.contains("Portal")
				.doesNotContain("401");
			assertThat(page.locator("#report-count").textContent()).doesNotContain("could not be loaded");

			signIn.click();
			page.getByLabel("User name").fill("admin");
			page.getByLabel("Password").fill("test-admin-pw");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
			page.waitForURL(base + "/admin**");
			page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Portal")).click();
			page.waitForFunction("() => /\\d+ reports/.test(document.getElementById('report-count').textContent)");
			assertThat(page.locator("#portal-empty").textContent()).contains("Choose a report");
		}
	}

}
