package org.pbiexport.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * API keys with an optional expiry: made through the admin API and the page, listed with
 * it, refused from then on with 401 saying the key expired; an expiry in the past is
 * refused naming its field; the page shows expired keys and offers to copy a new key.
 */
class ApiKeyExpiryTest extends SqliteApp {

	static final RequestPostProcessor ADMIN = user("root").roles("ADMIN");

	@Autowired
	MockMvc mvc;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcClient jdbc;

	@Test
	void anExpiredKeyIsRefusedSayingItExpired() throws Exception {
		String nextYear = LocalDate.now(ZoneOffset.UTC).plusYears(1).toString();
		JsonNode created = make("{\"name\": \"temporary\", \"expires_at\": \"" + nextYear + "\"}");
		String secret = created.path("key").asString();
		// A day: the key works to the end of it, UTC.
		assertThat(created.path("expires_at").asString())
			.isEqualTo(LocalDate.parse(nextYear).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
		this.mvc.perform(get("/api/reports").header("X-API-Key", secret)).andExpect(status().isOk());
		this.mvc.perform(get("/api/admin/api-keys").with(ADMIN))
			.andExpect(jsonPath("$.keys[?(@.name == 'temporary')].expires_at").exists());

		expire(created.path("id").asLong());

		this.mvc.perform(get("/api/reports").header("X-API-Key", secret))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("/problems/invalid-api-key"))
			.andExpect(jsonPath("$.detail").value(containsString("'temporary' expired on")));
		this.mvc.perform(get("/api/export").param("report_id", "1").header("Authorization", "Bearer " + secret))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail").value(containsString("expired")));
		String page = this.mvc.perform(get("/admin/api-keys").with(ADMIN))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("Expired");
	}

	@Test
	void anInstantInTheFutureIsTakenAsItIs() throws Exception {
		Instant inAnHour = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		JsonNode created = make("{\"name\": \"an hour\", \"expires_at\": \"" + inAnHour + "\"}");
		assertThat(Instant.parse(created.path("expires_at").asString())).isEqualTo(inAnHour);
	}

	@Test
	void anExpiryInThePastOrNotADateIsRefusedNamingItsField() throws Exception {
		for (String expiry : new String[] { "2020-01-01", Instant.now().minusSeconds(5).toString(), "next week" }) {
			this.mvc
				.perform(post("/api/admin/api-keys").with(ADMIN)
					.with(csrf())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"name\": \"stale\", \"expires_at\": \"" + expiry + "\"}"))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.errors[0].field").value("expires_at"))
				.andExpect(jsonPath("$.errors[0].message").value(containsString(expiry)));
		}
		this.mvc.perform(get("/api/admin/api-keys").with(ADMIN))
			.andExpect(jsonPath("$.keys[?(@.name == 'stale')]").isEmpty());
	}

	@Test
	void thePageTakesAnExpiryKeepsTheFormOnAnErrorAndOffersToCopyTheKey() throws Exception {
		String refused = this.mvc
			.perform(post("/admin/api-keys").with(ADMIN)
				.with(csrf())
				.param("name", "page key")
				.param("origins", "https://intranet.example.com")
				.param("expires_on", "2001-02-03"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(refused).contains("id=\"expires-error\"", "is in the past", "value=\"2001-02-03\"",
				"value=\"https://intranet.example.com\"");

		String day = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
		MvcResult made = this.mvc
			.perform(
					post("/admin/api-keys").with(ADMIN).with(csrf()).param("name", "page key").param("expires_on", day))
			.andExpect(redirectedUrl("/admin/api-keys"))
			.andReturn();
		String shown = this.mvc.perform(get("/admin/api-keys").with(ADMIN).flashAttrs(made.getFlashMap()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(shown).contains("data-copy=\"new-secret\"", "/admin/copy.js", "It works until")
			.doesNotContain("<script>");
		this.mvc.perform(get("/admin/copy.js").with(ADMIN))
			.andExpect(status().isOk())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
				.string(containsString("navigator.clipboard")));
	}

	private JsonNode make(String body) throws Exception {
		String answer = this.mvc
			.perform(post("/api/admin/api-keys").with(ADMIN)
				.with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return this.json.readTree(answer);
	}

	/** As if its time had come: the expiry moved to a second ago. */
	private void expire(long id) {
		this.jdbc.sql("UPDATE api_keys SET expires_at = ? WHERE id = ?")
			.params(Instant.now().minusSeconds(1).toEpochMilli(), id)
			.update();
	}

}
