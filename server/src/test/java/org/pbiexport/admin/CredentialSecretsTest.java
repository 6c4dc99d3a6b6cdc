package org.pbiexport.admin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pbiexport.PbiExportApplication;
import org.pbiexport.powerbi.CredentialStore;
import org.pbiexport.powerbi.SecretBox;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.ReadsTheLog;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Secrets stay secret: no log line (even with SQL parameters logged), API answer, error
 * body or re-shown form carries one; the database file holds none in clear; a second
 * start with the same data dir reads them with the generated key file, which only its
 * owner may read; a secret stored with another key is reported in words; and the
 * {@code prod} profile does not start without a configured key.
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialSecretsTest extends CredentialAppContext {

	@Autowired
	JdbcClient jdbc;

	static String secret(String label) {
		return label + "-" + UUID.randomUUID().toString().replace("-", "");
	}

	@Test
	@ReadsTheLog
	void noSecretInLogsAnswersOrErrors(CapturedOutput output) throws Exception {
		// Log levels belong to the JVM: they go up for this test only, and back as they
		// were after it, as every later test would otherwise log each SQL parameter.
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		LogLevel sqlLevel = configuredLevel(logging, "org.springframework.jdbc.core");
		LogLevel appLevel = configuredLevel(logging, "org.pbiexport");
		logging.setLogLevel("org.springframework.jdbc.core", LogLevel.TRACE);
		logging.setLogLevel("org.pbiexport", LogLevel.DEBUG);
		try {
			tellsNoSecret(output);
		}
		finally {
			logging.setLogLevel("org.springframework.jdbc.core", sqlLevel);
			logging.setLogLevel("org.pbiexport", appLevel);
		}
	}

	private static @Nullable LogLevel configuredLevel(LoggingSystem logging, String name) {
		LoggerConfiguration configuration = logging.getLoggerConfiguration(name);
		return (configuration != null) ? configuration.getConfiguredLevel() : null;
	}

	private void tellsNoSecret(CapturedOutput output) throws Exception {
		List<String> secrets = new ArrayList<>();
		List<String> bodies = new ArrayList<>();
		String first = secret("first");
		String replaced = secret("replaced");
		String windows = secret("windows");
		secrets.addAll(List.of(first, replaced, windows));

		bodies.add(expect(201, this.admin.post(BASE, principal("sec-sp", first))));
		bodies.add(expect(201, this.admin.post(BASE, windows("sec-rs", windows))));
		bodies.add(expect(200, this.admin.get(BASE)));
		bodies.add(expect(200, this.admin.get(BASE + "/sec-sp")));
		bodies.add(expect(200, this.admin.put(BASE + "/sec-sp", principal("sec-sp", replaced))));
		bodies.add(expect(200,
				this.admin.put(BASE + "/sec-sp", principal("sec-sp", "x").replace(", \"client_secret\": \"x\"", ""))));
		// Requests that fail, each with a secret in it
		String invalid = secret("invalid");
		String tooLong = secret("long").repeat(40);
		String broken = secret("broken");
		String taken = secret("taken");
		String misplaced = secret("misplaced");
		String unknownField = secret("unknown");
		secrets.addAll(List.of(invalid, tooLong, broken, taken, misplaced, unknownField));
		bodies.add(expect(400, this.admin.post(BASE, principal("sec-bad", invalid).replace(TENANT, "not a tenant"))));
		bodies.add(expect(400, this.admin.post(BASE, principal("sec-long", tooLong))));
		bodies.add(expect(400, this.admin.post(BASE, "{\"name\": \"sec-broken\", \"client_secret\": \"" + broken)));
		bodies.add(expect(409, this.admin.post(BASE, principal("sec-sp", taken))));
		bodies.add(expect(400, this.admin.post(BASE,
				windows("sec-mis", "pw").replace("\"pw\"", "\"pw\", \"client_secret\": \"" + misplaced + "\""))));
		bodies.add(expect(400, this.admin.post(BASE,
				principal("sec-unknown", "s").replace("}", ", \"secret\": \"" + unknownField + "\"}"))));
		bodies.add(expect(400, this.admin.post(BASE, principal("sec-number", "s").replace("\"s\"", "12345678901"))));
		// The admin page's form, shown again with a problem
		String formSecret = secret("form");
		secrets.add(formSecret);
		String page = this.mvc
			.perform(post("/admin/credentials").with(user("admin").roles("ADMIN"))
				.with(csrf())
				.param("kind", "service_principal")
				.param("name", "sec-form")
				.param("tenant_id", "not a tenant")
				.param("client_id", CLIENT)
				.param("client_secret", formSecret))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("sec-form").contains("not a tenant");
		bodies.add(page);
		bodies.add(expect(204, this.admin.delete(BASE + "/sec-rs")));

		assertThat(this.store.find("sec-sp").orElseThrow().secret()).isEqualTo(replaced);
		assertThat(output.getAll()).as("the log tells who changed what")
			.contains("admin added credential 'sec-sp' (service_principal)")
			.contains("admin changed credential 'sec-sp' (client_secret replaced)")
			.contains("admin changed credential 'sec-sp' (nothing changed)")
			.contains("admin deleted credential 'sec-rs'")
			.as("SQL parameters are logged, so the log would show a secret that reached SQL")
			.contains("parameter value");
		for (String secret : secrets) {
			assertThat(output.getAll()).as("the log").doesNotContain(secret);
			for (String body : bodies) {
				assertThat(body).doesNotContain(secret);
			}
		}
		assertThat(bodies).noneSatisfy((body) -> assertThat(body).contains("Exception"));
	}

	@Test
	void theDatabaseFileHoldsNoSecretInClear() throws Exception {
		String principalSecret = secret("file-sp");
		String password = "päss-" + secret("file-rs");
		expect(201, this.admin.post(BASE, principal("file-sp", principalSecret)));
		expect(201, this.admin.post(BASE, windows("file-rs", password)));

		this.jdbc.sql("PRAGMA wal_checkpoint(TRUNCATE)").query((rs, row) -> rs.getInt(1)).list();
		byte[] database = Files.readAllBytes(dataDir().resolve("pbi-export.db"));

		assertThat(contains(database, "file-rs")).as("the file was read and holds the credential").isTrue();
		assertThat(contains(database, "https://reports.contoso.local")).isTrue();
		assertThat(contains(database, principalSecret)).isFalse();
		assertThat(contains(database, password)).isFalse();
		for (Path file : List.of(dataDir().resolve("pbi-export.db-wal"), dataDir().resolve("pbi-export.db-journal"))) {
			if (Files.exists(file)) {
				assertThat(contains(Files.readAllBytes(file), principalSecret)).isFalse();
				assertThat(contains(Files.readAllBytes(file), password)).isFalse();
			}
		}
	}

	@Test
	void aSecondStartReadsTheSecretsWithTheOwnerOnlyKeyFile() throws Exception {
		String password = secret("restart");
		expect(201, this.admin.post(BASE, windows("restart-rs", password)));
		Path keyFile = dataDir().resolve("secret.key");

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
		String key = Files.readString(keyFile);
		try (ConfigurableApplicationContext second = start(dataDir(), null)) {
			assertThat(second.getBean(CredentialStore.class).find("restart-rs").orElseThrow().secret())
				.isEqualTo(password);
		}
		assertThat(Files.readString(keyFile)).as("the key file is reused, not replaced").isEqualTo(key);
	}

	@Test
	void aSecretStoredWithAnotherKeyIsReportedInWords() {
		expect(201, this.admin.post(BASE, windows("other-key", "pw")));
		String foreign = SecretBox.withKey(SecretBox.newKey()).seal("pw", "whatever");
		this.jdbc.sql("UPDATE credentials SET secret_cipher = ? WHERE name = ?").params(foreign, "other-key").update();

		Http.Response kept = this.admin.put(BASE + "/other-key",
				"{\"username\": \"svc\", \"origin\": \"https://reports.contoso.local\"}");
		Http.Response tested = this.admin.post(BASE + "/other-key/test", "");

		for (Http.Response response : List.of(kept, tested)) {
			assertThat(response.status()).isEqualTo(500);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
			assertThat(response.json().get("detail").stringValue())
				.contains("Stored secrets were encrypted with another key")
				.contains("PBI_EXPORT_SECRET_KEY");
		}
		Http.Response replaced = this.admin.put(BASE + "/other-key",
				"{\"username\": \"svc\", \"password\": \"new-pw\", \"origin\": \"https://reports.contoso.local\"}");
		assertThat(replaced.status()).as("entering the secret again mends it").isEqualTo(200);
		assertThat(this.store.find("other-key").orElseThrow().secret()).isEqualTo("new-pw");
	}

	@Test
	void theProdProfileDoesNotStartWithoutAKey(@TempDir Path emptyDataDir) {
		assertThatThrownBy(() -> start(emptyDataDir, "prod").close()).satisfies((failure) -> {
			Throwable root = failure;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			assertThat(root).hasMessageContaining("PBI_EXPORT_SECRET_KEY")
				.hasMessageContaining("openssl rand -base64 32");
		});
		assertThat(emptyDataDir.resolve("pbi-export.db")).as("it started in this data dir").exists();
		assertThat(emptyDataDir.resolve("secret.key")).doesNotExist();
	}

	/**
	 * Starts the app once more, without a web server. Settings as command-line arguments,
	 * which outrank application.yml (a builder's properties do not).
	 */
	private static ConfigurableApplicationContext start(Path dataDir, String profile) {
		return new SpringApplicationBuilder(PbiExportApplication.class).web(WebApplicationType.NONE)
			.run("--pbi-export.data-dir=" + dataDir, "--pbi-export.demo.seed=false",
					"--pbi-export.admin.password=test-admin-pw", "--spring.main.banner-mode=off",
					"--spring.profiles.active=" + ((profile != null) ? profile : "default"));
	}

	private static String expect(int status, Http.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		return response.body() + response.raw().headers().map();
	}

	private static boolean contains(byte[] haystack, String text) {
		byte[] needle = text.getBytes(StandardCharsets.UTF_8);
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

}
