package org.pbiexport.security;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.ProdApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbiexport.testsupport.Reports.aReport;

/**
 * API keys as docs/contract.md describes them, in the {@code prod} profile, which
 * requires them: a missing or wrong key gets 401, a key restricted to some reports gets
 * 404 for the others, a revoked key stops working at once, keys limited to origins are
 * refused from other pages, and only keys with admin access reach the admin API. Only
 * hashes are stored.
 */
class ApiKeyTest extends ProdApp {

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys keys;

	@Autowired
	Catalog catalog;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theProductionProfileRequiresAKey() {
		Http anonymous = new Http(this.port);
		Http.Response refused = anonymous.get("/api/reports");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.contentType()).isEqualTo("application/problem+json");
		assertThat(refused.json().get("detail").stringValue()).contains("Authorization: Bearer <key>");
		assertThat(anonymous.get("/api/export?report_id=1").status()).isEqualTo(401);
		assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
		// A signed-in user needs no key.
		assertThat(anonymous.as("admin", "test-admin-pw").get("/api/reports").status()).isEqualTo(200);
		// Pages of sites an operator did not name may not call the API.
		Http.Response preflight = anonymous.with("Origin", "https://unlisted.example.com")
			.with("Access-Control-Request-Method", "GET")
			.send("OPTIONS", "/api/reports", null, null);
		assertThat(preflight.header("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void aKeyWorksInEitherHeaderUntilItIsRevoked() {
		ApiKeys.CreatedKey created = this.keys.create("scripts", Set.of(), Set.of(), false, "test");
		assertThat(created.secret()).startsWith("pbx_" + created.key().prefix() + "_");
		assertThat(this.jdbc.sql("SELECT secret_hash FROM api_keys WHERE id = ?")
			.param(created.key().id())
			.query(String.class)
			.single()).isNotEqualTo(created.secret()).doesNotContain(created.secret()).hasSize(64);

		assertThat(new Http(this.port).with("X-API-Key", created.secret()).get("/api/reports").status()).isEqualTo(200);
		assertThat(new Http(this.port).with("Authorization", "Bearer " + created.secret()).get("/api/reports").status())
			.isEqualTo(200);
		assertThat(this.keys.list()).filteredOn((key) -> key.id() == created.key().id())
			.singleElement()
			.satisfies((key) -> assertThat(key.lastUsedAt()).isNotNull());

		Http.Response wrong = new Http(this.port).with("X-API-Key", created.secret() + "x").get("/api/reports");
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.json().get("detail").stringValue()).isEqualTo("The API key is not valid or has been revoked.");

		this.keys.revoke(created.key().id());
		assertThat(new Http(this.port).with("X-API-Key", created.secret()).get("/api/reports").status()).isEqualTo(401);
	}

	@Test
	void aKeyForSomeReportsDoesNotLearnThatOthersExist() {
		Report mine = this.catalog.create(aReport().titled("Mine").withPage("P1").build(), "test");
		Report other = this.catalog.create(aReport().titled("Other").withPage("P1").build(), "test");
		ApiKeys.CreatedKey created = this.keys.create("one report", Set.of(mine.id().value()), Set.of(), false, "test");
		Http client = new Http(this.port).with("X-API-Key", created.secret());

		Http.Response list = client.get("/api/reports");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().get("reports").findValuesAsString("title")).containsExactly("Mine");
		assertThat(client.get("/api/pages/" + mine.id()).status()).isEqualTo(200);
		Http.Response hidden = client.get("/api/pages/" + other.id());
		Http.Response missing = client.get("/api/pages/999999");
		assertThat(hidden.status()).isEqualTo(404);
		assertThat(hidden.json().get("detail").stringValue())
			.isEqualTo(missing.json().get("detail").stringValue().replace("999999", other.id().toString()));
		assertThat(client.get("/api/filters/" + other.id()).status()).isEqualTo(404);
		assertThat(client.get("/api/export?report_id=" + other.id()).status()).isEqualTo(404);
		assertThat(client.post("/api/export", "{\"report_id\": " + other.id() + "}").status()).isEqualTo(404);
	}

	@Test
	void aKeyForSomeOriginsIsRefusedFromOtherPages() {
		ApiKeys.CreatedKey created = this.keys.create("intranet", Set.of(), Set.of("https://intranet.example.com"),
				false, "test");
		Http client = new Http(this.port).with("X-API-Key", created.secret());

		assertThat(client.with("Origin", "https://intranet.example.com").get("/api/reports").status()).isEqualTo(200);
		Http.Response elsewhere = client.with("Origin", "https://partner.example.com").get("/api/reports");
		assertThat(elsewhere.status()).isEqualTo(403);
		assertThat(elsewhere.json().get("detail").stringValue()).contains("https://partner.example.com");
	}

	@Test
	void onlyKeysWithAdminAccessReachTheAdminApi() {
		String plain = this.keys.create("plain", Set.of(), Set.of(), false, "test").secret();
		String admin = this.keys.create("automation", Set.of(), Set.of(), true, "test").secret();

		assertThat(new Http(this.port).with("X-API-Key", plain).get("/api/admin/reports").status()).isEqualTo(403);
		assertThat(new Http(this.port).with("X-API-Key", admin).get("/api/admin/reports").status()).isEqualTo(200);
		assertThat(new Http(this.port).with("X-API-Key", admin).get("/admin/users").status()).isNotEqualTo(200);
	}

}
