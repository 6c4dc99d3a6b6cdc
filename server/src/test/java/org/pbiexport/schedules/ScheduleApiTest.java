package org.pbiexport.schedules;

import java.time.Duration;
import java.time.Instant;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.Http;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The schedules' admin API and page: documents, next run times across a daylight-saving
 * change, one error per wrong field, "Run now", signed download links.
 */
class ScheduleApiTest extends ScheduleApp {

	private static final String BASE = "/api/admin/schedules";

	@Autowired
	ScheduleFileLinks links;

	@Test
	void aScheduleIsStoredAndAnsweredWithItsNextRunsAcrossADaylightSavingChange() {
		CLOCK.set(Instant.parse("2026-03-27T12:00:00Z"));
		Http.Response created = this.admin.post(BASE,
				schedule("Monthly regional pack", "0 0 7 * * *", "Europe/Berlin", "pdf"));
		assertThat(created.status()).isEqualTo(201);
		JsonNode document = created.json();
		long id = document.get("schedule_id").asLong();
		assertThat(created.header("Location")).hasValue(BASE + "/" + id);
		assertThat(document.get("name").asString()).isEqualTo("Monthly regional pack");
		assertThat(document.get("filters").get("Year").asInt()).isEqualTo(2024);
		assertThat(document.get("recipients").get(0).asString()).isEqualTo("bi-team@example.com");
		assertThat(document.get("each").isNull()).isTrue();
		assertThat(document.get("each_values").isNull()).isTrue();
		assertThat(document.get("combine").asBoolean()).isFalse();
		assertThat(document.get("updated_by").asString()).isEqualTo("admin");
		// Berlin moves to summer time on 29 March 2026: 7:00 stays 7:00, the offset
		// changes.
		assertThat(document.get("next_runs").valueStream().map(JsonNode::asString).toList()).containsExactly(
				"2026-03-28T07:00:00+01:00", "2026-03-29T07:00:00+02:00", "2026-03-30T07:00:00+02:00",
				"2026-03-31T07:00:00+02:00", "2026-04-01T07:00:00+02:00");
		assertThat(this.admin.get(BASE + "/" + id).json()).isEqualTo(document);
		assertThat(this.admin.get(BASE).json().get("schedules").get(0)).isEqualTo(document);

		String changed = schedule("Monthly regional pack", "0 0 7 1 * *", "Europe/Berlin", "pdf").replace(
				"\"enabled\": true",
				"\"enabled\": true, \"each\": \"Region\", \"each_values\": [\"West\", \"North\"], \"combine\": true");
		JsonNode replaced = this.admin.put(BASE + "/" + id, changed).json();
		assertThat(replaced.get("each").asString()).isEqualTo("Region");
		assertThat(replaced.get("each_values").valueStream().map(JsonNode::asString).toList()).containsExactly("West",
				"North");
		assertThat(replaced.get("combine").asBoolean()).isTrue();
		assertThat(this.admin.put(BASE + "/" + id, replaced.toString()).status()).as("a GET's document sent back")
			.isEqualTo(200);
		assertThat(replaced.get("next_runs").get(0).asString()).isEqualTo("2026-04-01T07:00:00+02:00");

		assertThat(this.admin.delete(BASE + "/" + id).status()).isEqualTo(204);
		assertThat(this.admin.get(BASE + "/" + id).status()).isEqualTo(404);
		assertThat(this.admin.get(BASE + "/x1").status()).isEqualTo(400);
		assertThat(new Http(this.port).get(BASE).status()).isEqualTo(401);
	}

	@Test
	void eachWrongFieldIsOneError() {
		assertOneError(schedule("Bad cron", "0 7 1 * *", "UTC", "pdf"), "cron", "six fields");
		assertOneError(schedule("Bad zone", "0 0 7 * * *", "Europe/Atlantis", "pdf"), "time_zone", "Europe/Atlantis");
		assertOneError(schedule("Bad recipient", "0 0 7 * * *", "UTC", "pdf").replace("bi-team@example.com",
				"bi-team at example"), "recipients[0]", "e-mail address");
		assertOneError(schedule("Bad each", "0 0 7 * * *", "UTC", "pdf").replace("\"enabled\": true",
				"\"enabled\": true, \"each\": \"Planet\""), "each", "filters");
		assertOneError(schedule("Bad year", "0 0 7 * * *", "UTC", "pdf").replace("2024", "2031"), "filters.Year",
				"2031");
		assertOneError(
				schedule("Bad value", "0 0 7 * * *", "UTC", "pdf").replace("\"enabled\": true",
						"\"enabled\": true, \"each\": \"Region\", \"each_values\": [\"North\", \"Atlantis\"]"),
				"each_values[1]", "Atlantis");
		assertOneError(schedule("Bad combine", "0 0 7 * * *", "UTC", "png").replace("\"enabled\": true",
				"\"enabled\": true, \"each\": \"Region\", \"combine\": true"), "combine", "pdf");
		assertOneError(schedule("Values alone", "0 0 7 * * *", "UTC", "pdf").replace("\"enabled\": true",
				"\"enabled\": true, \"each_values\": [\"North\"]"), "each", "column");
		assertThat(this.admin.get(BASE).json().get("schedules")).isEmpty();
	}

	private void assertOneError(String document, String field, String words) {
		Http.Response response = this.admin.post(BASE, document);
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode errors = response.json().get("errors");
		assertThat(errors).as(response.body()).hasSize(1);
		assertThat(errors.get(0).get("field").asString()).isEqualTo(field);
		assertThat(errors.get(0).get("message").asString()).contains(words);
	}

	@Test
	void theAdminPageListsSchedulesKeepsInputAfterAnErrorAndRunsNow() throws Exception {
		Chromium.require();
		CLOCK.set(Instant.parse("2026-03-02T05:00:00Z"));
		long id = created(schedule("Page <pack>", "0 0 7 * * *", "Europe/Berlin", "png"));
		this.mvc.perform(get("/admin/schedules").with(admin()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Page &lt;pack&gt;")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Monday 2 March 2026 at 07:00:00")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("href=\"/admin/schedules\"")));

		this.mvc
			.perform(post("/admin/schedules").with(admin())
				.with(csrf())
				.param("name", "Typed name")
				.param("reportId", String.valueOf(demoReport()))
				.param("format", "pdf")
				.param("filters", "{\"Year\": 2024}")
				.param("cron", "every morning")
				.param("timeZone", "Europe/Berlin")
				.param("recipients", "bi-team@example.com")
				.param("each", "Region")
				.param("eachValues", "North\nAtlantis")
				.param("combine", "true")
				.param("enabled", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("North\nAtlantis</textarea>")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"each_values-error\"")))
			.andExpect(content().string(org.hamcrest.Matchers.matchesRegex("(?s).*id=\"combine\"[^>]* checked.*")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("value=\"Typed name\"")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("value=\"every morning\"")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"cron-error\"")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("bi-team@example.com</textarea>")));

		this.mvc
			.perform(get("/admin/schedules/cron-help").with(admin())
				.param("cron", "0 30 6 * * MON-FRI")
				.param("timeZone", "America/New_York"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Monday 2 March 2026 at 06:30:00 EST")));

		this.mvc.perform(post("/admin/schedules/" + id + "/run").with(admin())).andExpect(status().isForbidden());
		this.mvc.perform(post("/admin/schedules/" + id + "/run").with(admin()).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/admin/schedules/" + id));
		await().atMost(Duration.ofSeconds(120)).until(() -> MAIL.getReceivedMessages().length == 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.store.runs(id, 1).get(0).status().equals("sent"));
		this.mvc.perform(get("/admin/schedules/" + id).with(admin()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Run now")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString(">sent<")));
	}

	@Test
	void aDownloadLinkIsSignedAndExpires() {
		CLOCK.set(Instant.parse("2026-03-02T05:00:00Z"));
		long id = created(schedule("Linked", "0 0 7 * * *", "UTC", "pdf"));
		long run = this.store.startRun(id, "manual", null, CLOCK.instant(), "test");
		Instant expires = CLOCK.instant().plus(Duration.ofDays(7));
		byte[] pdf = "%PDF-1.7 test".getBytes();
		this.store.keepFile(run, "pack.pdf", "application/pdf", new ByteArrayResource(pdf), pdf.length, expires);
		String url = this.links.url(run, expires);
		assertThat(url).startsWith("http://localhost:" + this.port + "/api/schedule-files/");
		String path = url.substring(url.indexOf("/api/"));

		Http anonymous = new Http(this.port);
		Http.Response file = anonymous.get(path);
		assertThat(file.status()).isEqualTo(200);
		assertThat(file.body()).isEqualTo("%PDF-1.7 test");
		assertThat(file.header("Content-Disposition").orElseThrow()).contains("pack.pdf");

		String token = path.substring(path.lastIndexOf('/') + 1);
		String longer = token.replaceFirst("\\.(\\d+)\\.", "." + (expires.getEpochSecond() + 86_400) + ".");
		assertThat(anonymous.get("/api/schedule-files/" + longer).status()).isEqualTo(404);
		assertThat(anonymous.get("/api/schedule-files/" + (run + 1) + token.substring(token.indexOf('.'))).status())
			.isEqualTo(404);
		CLOCK.set(expires.plusSeconds(1));
		assertThat(anonymous.get(path).status()).isEqualTo(404);
	}

	@Test
	void theCronHelperRedrawsAsTheAdminTypesInABrowser() {
		Chromium.require();
		CLOCK.set(Instant.parse("2026-03-02T05:00:00Z"));
		try (BrowserContext context = Chromium.shared().laptopContext()) {
			Page page = context.newPage();
			String base = "http://localhost:" + this.port;
			page.navigate(base + "/login");
			page.getByLabel("User name").fill("admin");
			page.getByLabel("Password").fill("test-admin-pw");
			page.locator("button[type=submit]").click();
			page.waitForURL(base + "/admin**");
			page.navigate(base + "/admin/schedules/new");
			page.getByLabel("Time zone").fill("Asia/Tokyo");
			page.getByLabel("Cron expression").fill("0 15 9 1 * *");
			page.waitForFunction(
					"() => document.querySelector('#cron-help').textContent.includes('Wednesday 1 April')");
			assertThat(page.locator("#cron-help li").first().textContent())
				.isEqualTo("Wednesday 1 April 2026 at 09:15:00 JST (UTC+09:00)");
			page.getByLabel("Cron expression").fill("0 15 9 1 *");
			page.waitForFunction("() => document.querySelector('#cron-help').textContent.includes('six fields')");
		}
	}

	private static org.springframework.test.web.servlet.request.RequestPostProcessor admin() {
		return SecurityMockMvcRequestPostProcessors.user("admin").roles("ADMIN");
	}

}
