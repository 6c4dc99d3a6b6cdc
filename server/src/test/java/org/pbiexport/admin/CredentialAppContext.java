package org.pbiexport.admin;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.pbiexport.powerbi.CredentialStore;
import org.pbiexport.security.UserAccounts;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What the credential tests (API, pages, secrets) share: clients of the shared SQLite
 * application ({@link SqliteApp}) and its data dir, whose database file and key file the
 * secrets test reads. That test turns on the SQL parameter log (TRACE) itself, for the
 * time it looks, to show that no secret reaches SQL in clear.
 */
abstract class CredentialAppContext extends SqliteApp {

	static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

	static final String CLIENT = "5b218778-e7a5-4d73-8187-f10824047715";

	static final String BASE = "/api/admin/credentials";

	@LocalServerPort
	int port;

	@Autowired
	CredentialStore store;

	@Autowired
	UserAccounts users;

	@Autowired
	MockMvc mvc;

	@Value("${pbi-export.data-dir}")
	Path dataDir;

	Http anonymous;

	Http admin;

	@BeforeEach
	void clients() {
		this.anonymous = new Http(this.port);
		this.admin = this.anonymous.as("admin", "test-admin-pw");
	}

	Path dataDir() {
		return this.dataDir;
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
