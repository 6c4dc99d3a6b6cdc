package org.pbiexport.admin;

import org.junit.jupiter.api.Test;
import org.pbiexport.security.ApiKeys;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * API keys through the admin API: made with the page's rules, the secret answered once
 * and working at once, never listed, revoked for good; admins only.
 */
class ApiKeyApiTest extends SqliteApp {

	static final RequestPostProcessor ADMIN = user("root").roles("ADMIN");

	@Autowired
	MockMvc mvc;

	@Autowired
	ApiKeys keys;

	@Autowired
	JsonMapper json;

	@Test
	void aKeyIsAnsweredOnceWorksAndIsRevokedForGood() throws Exception {
		String answer = this.mvc
			.perform(post("/api/admin/api-keys").with(ADMIN)
				.with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"  wiki  \", \"origins\": [\"https://wiki.example.com\"]}"))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/admin/api-keys/")))
			.andExpect(jsonPath("$.name").value("wiki"))
			.andExpect(jsonPath("$.admin_access").value(false))
			.andExpect(jsonPath("$.created_by").value("root"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		JsonNode created = this.json.readTree(answer);
		String secret = created.path("key").asString();
		long id = created.path("id").asLong();
		assertThat(secret).startsWith("pbx_" + created.path("prefix").asString());

		this.mvc.perform(get("/api/reports").header("X-API-Key", secret)).andExpect(status().isOk());
		String listing = this.mvc.perform(get("/api/admin/api-keys").with(ADMIN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(listing).contains("\"wiki\"").doesNotContain(secret).doesNotContain("\"key\"");

		this.mvc.perform(delete("/api/admin/api-keys/" + id).with(ADMIN).with(csrf()))
			.andExpect(status().isNoContent());
		this.mvc.perform(get("/api/reports").header("X-API-Key", secret))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("/problems/invalid-api-key"));
		this.mvc.perform(delete("/api/admin/api-keys/" + id).with(ADMIN).with(csrf())).andExpect(status().isNotFound());
	}

	@Test
	void aKeyThatBreaksTheRulesNamesEveryFieldAndIsNotMade() throws Exception {
		int before = this.keys.list().size();
		this.mvc
			.perform(post("/api/admin/api-keys").with(ADMIN)
				.with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"\", \"reports\": [987654], \"origins\": [\"intranet\"]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("name"))
			.andExpect(jsonPath("$.errors[1].field").value("origins"))
			.andExpect(jsonPath("$.errors[1].message").value(org.hamcrest.Matchers.containsString("'intranet'")))
			.andExpect(jsonPath("$.errors[2].field").value("reports"));
		assertThat(this.keys.list()).hasSize(before);
	}

	@Test
	void onlyAdminsManageKeys() throws Exception {
		this.mvc
			.perform(post("/api/admin/api-keys").with(user("erin").roles("EDITOR"))
				.with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"mine\"}"))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/admin/api-keys")).andExpect(status().isUnauthorized());
	}

}
