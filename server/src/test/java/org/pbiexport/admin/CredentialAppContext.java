package org.pbiexport.admin;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.pbiexport.powerbi.CredentialStore;
import org.pbiexport.security.UserAccounts;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.TestDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The one application context the credential tests share (API, pages, secrets): SQLite in
 * a data dir the tests know, SQL parameters logged at TRACE so that a test can show no
 * secret reaches SQL in clear.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.demo.seed=false", "pbi-export.admin.password=test-admin-pw",
				"logging.level.org.pbiexport=DEBUG", "logging.level.org.springframework.jdbc.core=TRACE" })
@AutoConfigureMockMvc
abstract class CredentialAppContext {

	static final Map<String, String> DATABASE = TestDatabase.SQLITE.create();

	static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

	static final String CLIENT = "5b218778-e7a5-4d73-8187-f10824047715";

	static final String BASE = "/api/admin/credentials";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		DATABASE.forEach((key, value) -> registry.add(key, () -> value));
	}

	@LocalServerPort
	int port;

	@Autowired
	CredentialStore store;

	@Autowired
	UserAccounts users;

	@Autowired
	MockMvc mvc;

	Http anonymous;

	Http admin;

	@BeforeEach
	void clients() {
		this.anonymous = new Http(this.port);
		this.admin = this.anonymous.as("admin", "test-admin-pw");
	}

	static Path dataDir() {
		return Path.of(DATABASE.get("pbi-export.data-dir"));
	}

	static String principal(String name, String secret) {
		return """
				{"name": "%s", "kind": "service_principal", "tenant_id": "%s", "client_id": "%s", "client_secret": "%s"}"""
			.formatted(name, TENANT, CLIENT, secret);
	}

	static String windows(String name, String password) {
		return """
				{"name": "%s", "kind": "windows", "username": "CONTOSO\\\\svc-export", "password": "%s",
				 "origin": "https://reports.contoso.local"}""".formatted(name, password);
	}

}
