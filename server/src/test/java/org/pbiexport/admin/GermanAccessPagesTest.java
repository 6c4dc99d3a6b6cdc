package org.pbiexport.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialKind;
import org.pbiexport.powerbi.CredentialStore;
import org.pbiexport.security.ApiKeys;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbiexport.testsupport.Reports.aReport;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The users, API key, credential, schedule, history and export log pages in German when
 * the browser asks for it (Accept-Language), in the same English as ever otherwise, with
 * the problems beside the fields and the flash messages translated too; the JSON API and
 * the CSV download stay English; both bundles have the same keys.
 */
class GermanAccessPagesTest extends SqliteApp {

	static final RequestPostProcessor ADMIN = user("root").roles("ADMIN");

	static final String GERMAN = "de-DE, de;q=0.9, en;q=0.5";

	@Autowired
	MockMvc mvc;

	@Autowired
	Catalog catalog;

	@Autowired
	CredentialStore credentials;

	@Autowired
	ApiKeys keys;

	@Test
	void theUsersPageAndItsProblemsInGermanAndEnglish() throws Exception {
		assertThat(page(get("/admin/users"), GERMAN)).contains("<html lang=\"de\"", "<title>Benutzer · ",
				"Neues Passwort setzen", "aria-label=\"Rolle von admin\"", "aria-label=\"Neues Passwort für admin\"",
				">Benutzer anlegen</button>", "Mindestens 10 Zeichen.", ">Redakteur</option>");
		assertThat(page(get("/admin/users"), "en")).contains("<html lang=\"en\"", "<title>Users · ",
				"Set a new password", "aria-label=\"Role of admin\"", ">Add user</button>", "At least 10 characters.",
				">editor</option>");

		String badName = page(newUser("two words", "EDITOR"), GERMAN);
		assertThat(badName).contains(
				"Benutzername: muss aus 1 bis 100 Buchstaben, Ziffern oder . _ @ - bestehen (ohne Leerzeichen), erhalten: „two words“",
				"value=\"two words\"");
		assertThat(page(newUser("two words", "EDITOR"), "en"))
			.contains("username: must be 1 to 100 letters, digits or . _ @ - (no spaces), got &#39;two words&#39;");

		String name = "de-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(flash(newUser(name, "VIEWER"), GERMAN, "message"))
			.isEqualTo("Der Benutzer " + name + " ist angelegt.");
		assertThat(flash(post("/admin/users/admin").param("role", "VIEWER"), GERMAN, "error"))
			.isEqualTo("Rolle: „admin“ ist der letzte aktive Admin; machen Sie zuerst jemand anderen zum Admin");
	}

	@Test
	void theApiKeysPageAndItsProblemsInGermanWhileTheApiStaysEnglish() throws Exception {
		assertThat(page(get("/admin/api-keys"), GERMAN)).contains("<title>API-Schlüssel · ",
				">Schlüssel erstellen</h2>", "Nur von diesen Seiten-Origins",
				"placeholder=\"Vertriebsseite im Intranet\"", "Darf auch die Admin-API benutzen (wie ein Admin)",
				"Läuft ab (UTC)");
		String problems = page(post("/admin/api-keys").param("name", "site")
			.param("origins", "ftp://files")
			.param("expires_on", "2001-01-01"), GERMAN);
		assertThat(problems).contains(
				"Der Schlüssel wurde nicht erstellt: Korrigieren Sie die unten markierten Felder.",
				"„ftp://files“ ist kein Origin; schreiben Sie Origins wie https://intranet.example.com",
				"„2001-01-01“ liegt in der Vergangenheit; ein Schlüssel muss in der Zukunft ablaufen oder nie.");
		assertThat(page(post("/admin/api-keys").param("name", "site").param("origins", "ftp://files"), "en")).contains(
				"The key was not made: fix the fields marked below.",
				"&#39;ftp://files&#39; is not an origin; write them like https://intranet.example.com", "Make a key");

		String api = this.mvc
			.perform(post("/api/admin/api-keys").with(ADMIN)
				.with(csrf())
				.header("Accept-Language", GERMAN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"site\", \"origins\": [\"ftp://files\"]}"))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(api).contains("'ftp://files' is not an origin; write them like https://intranet.example.com")
			.doesNotContain("Origin;");

		long id = this.keys.create("de-" + UUID.randomUUID(), Set.of(), Set.of(), false, "root").key().id();
		assertThat(flash(post("/admin/api-keys/" + id + "/revoke"), GERMAN, "message"))
			.isEqualTo("Der Schlüssel ist widerrufen. Anfragen mit ihm erhalten jetzt 401.");
		assertThat(page(get("/admin/api-keys"), GERMAN)).contains(">Widerrufen</span>");
	}

	@Test
	void theCredentialPagesInGermanWithTheProblemsBesideTheirFields() throws Exception {
		String name = "de-" + UUID.randomUUID().toString().substring(0, 8);
		this.credentials.create(new Credential(name, CredentialKind.WINDOWS, null, null, "CONTOSO\\svc",
				"https://reports.contoso.local", "secret-password"), "root");

		assertThat(page(get("/admin/credentials"), GERMAN)).contains("<title>Zugangsdaten · ",
				"Zugangsdaten hinzufügen", ">Dienstprinzipal hinzufügen</button>", "Windows-Konto",
				"CONTOSO\\svc bei https://reports.contoso.local", "aria-label=\"" + name + " testen\"",
				"Geheimnis gesetzt", "Eine App-Registrierung in Microsoft Entra ID",
				"Der Wert des Geheimnisses (nicht seine ID), aus „Zertifikate &amp; Geheimnisse“.");
		assertThat(page(get("/admin/credentials/" + name), GERMAN)).contains("Gespeicherte Zugangsdaten testen",
				"← Zugangsdaten", "Windows-Konto · hinzugefügt ", " UTC von root",
				"Ein Passwort ist gespeichert. Leer lassen, um das gespeicherte zu behalten");
		assertThat(page(get("/admin/credentials/" + name + "/delete"), GERMAN))
			.contains("Die Zugangsdaten " + name + " löschen?", "Kein Bericht benutzt sie.", "Nein, behalten");

		String problems = page(badPrincipal(), GERMAN);
		assertThat(problems).contains("3 Probleme zu beheben; jedes steht neben seinem Feld.",
				"muss aus 1 bis 100 Buchstaben, Ziffern, Punkten, Bindestrichen oder Unterstrichen bestehen",
				"ist nötig: die Verzeichnis-ID (Mandant) der App-Registrierung",
				"muss die Anwendungs-ID (Client) der App-Registrierung sein, eine GUID", "value=\"no-guid\"");
		assertThat(page(badPrincipal(), "en")).contains("3 problems to fix; each is shown beside its field.",
				"is required: the directory (tenant) id of the app registration");
		assertThat(page(post("/admin/credentials").param("kind", "windows")
			.param("name", name)
			.param("username", "CONTOSO\\other")
			.param("password", "pw")
			.param("origin", "https://reports.contoso.local"), GERMAN))
			.contains("Es gibt bereits Zugangsdaten namens „" + name + "“");

		assertThat(flash(post("/admin/credentials/" + name).param("username", "CONTOSO\\svc")
			.param("origin", "https://reports.contoso.local"), GERMAN, "message"))
			.isEqualTo("Die Zugangsdaten " + name + " sind gespeichert.");
	}

	@Test
	void theSchedulePagesInGermanWithTimesInGermanWords() throws Exception {
		Report report = this.catalog.create(aReport().titled("Plan " + UUID.randomUUID()).withPage("P").build(),
				"setup");
		assertThat(page(get("/admin/schedules"), GERMAN)).contains("<title>Zeitpläne · ", ">Neuer Zeitplan</a>",
				"Nächster Lauf", "Empfänger");
		String empty = page(get("/admin/schedules/new"), GERMAN);
		assertThat(empty).contains("<title>Neuer Zeitplan · ", "Cron-Ausdruck", "Eine Datei pro Wert von",
				">Zeitplan erstellen</button>", "{date} wird zum Datum des Laufs");
		assertThat(page(get("/admin/schedules/cron-help").param("cron", ""), GERMAN))
			.contains("Geben Sie einen Cron-Ausdruck ein, um zu sehen, wann er läuft.");

		String problems = page(scheduleForm("", report, "every day", "Mars/Olympus", "nobody"), GERMAN);
		assertThat(problems).contains("Probleme zu beheben; jedes steht neben seinem Feld.", "ist nötig",
				"ist kein Cron-Ausdruck aus sechs Feldern",
				"ist keine Zeitzone: Verwenden Sie einen Namen aus der IANA-Zeitzonendatenbank",
				"recipients[0]: ist keine E-Mail-Adresse wie bi-team@example.com: „nobody“",
				"Das ist kein Cron-Ausdruck aus sechs Feldern");
		assertThat(page(scheduleForm("", report, "every day", "UTC", "nobody"), "en")).contains(
				"problems to fix; each is shown beside its field.", "is required",
				"recipients[0]: is not an e-mail address such as bi-team@example.com");

		String help = page(
				get("/admin/schedules/cron-help").param("cron", "0 0 7 * * MON").param("timeZone", "Europe/Berlin"),
				GERMAN);
		assertThat(help).contains("Die nächsten fünf Läufe:", "Montag, ", " um 07:00:00 ");
		assertThat(page(
				get("/admin/schedules/cron-help").param("cron", "0 0 7 * * MON").param("timeZone", "Europe/Berlin"),
				"en"))
			.contains("The next five runs:", "Monday ", " at 07:00:00 ");

		MvcResult made = this.mvc
			.perform(scheduleForm("Monatspaket", report, "0 0 7 1 * *", "Europe/Berlin", "bi-team@example.com")
				.with(ADMIN)
				.with(csrf())
				.header("Accept-Language", GERMAN))
			.andReturn();
		assertThat(made.getFlashMap().get("message")).isEqualTo("Der Zeitplan Monatspaket ist erstellt.");
		String edit = page(get(made.getResponse().getRedirectedUrl()), GERMAN);
		assertThat(edit).contains("Jetzt ausführen oder löschen", "Laufverlauf", "Noch keine Läufe.",
				"aria-label=\"Den Zeitplan Monatspaket löschen\"",
				"data-confirm=\"Den Zeitplan „Monatspaket“ löschen? Seine E-Mails hören auf");
		assertThat(page(get("/admin/schedules"), GERMAN)).contains("noch nie gelaufen",
				"aria-label=\"Monatspaket jetzt ausführen\"", " um 07:00:00 ");
	}

	@Test
	void theHistoryAndTheExportLogInGermanWhileTheCsvStaysEnglish() throws Exception {
		assertThat(page(get("/admin/history"), GERMAN)).contains("<title>Verlauf · ", "Verlauf aller Berichte",
				"aria-label=\"Verlauf filtern\"", ">Jeder Bericht</option>", "placeholder=\"Teil des Namens\"",
				", neueste zuerst.", "Änderungen: alt → neu");
		assertThat(page(get("/admin/history").param("from", "last week").param("report", "x"), GERMAN)).contains(
				"„last week“ ist kein Tag; schreiben Sie ihn etwa als 2026-11-30.",
				"Wählen Sie einen Bericht aus der Liste.");
		assertThat(page(get("/admin/history").param("from", "2026-11-30").param("to", "2026-11-01"), "en"))
			.contains("The last day comes before the first; both are included.", "History of all reports");

		assertThat(page(get("/admin/exports"), GERMAN)).contains("<title>Exportprotokoll · ", "CSV herunterladen",
				"aria-label=\"Exportprotokoll filtern\"", "Beantwortet (unter 400)", "Abgelehnt (4xx)",
				"placeholder=\"Name oder Schlüsselpräfix\"", ", neueste zuerst");
		assertThat(page(get("/admin/exports").param("outcome", "maybe"), GERMAN))
			.contains("Wählen Sie ein Ergebnis aus der Liste.");
		assertThat(page(get("/admin/exports").param("outcome", "maybe"), "en"))
			.contains("Choose an outcome from the list.", "Download CSV");
		assertThat(page(get("/admin/exports.csv"), GERMAN)).startsWith("time_utc,caller_kind,caller,key_prefix,");
	}

	@Test
	void noGermanPageShowsAMissingText() throws Exception {
		for (String path : new String[] { "/admin/users", "/admin/api-keys", "/admin/credentials", "/admin/schedules",
				"/admin/schedules/new", "/admin/history", "/admin/exports" }) {
			assertThat(page(get(path), GERMAN)).as(path).doesNotContain("??").contains("lang=\"de\"");
			assertThat(page(get(path), "fr")).as(path).doesNotContain("??").contains("lang=\"en\"");
		}
	}

	@Test
	void bothBundlesHaveTheSameKeysAndTheGermanOneIsUtf8() throws IOException {
		Properties english = bundle("i18n/access.properties");
		Properties german = bundle("i18n/access_de.properties");
		assertThat(german.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
		assertThat(german.getProperty("keys.title")).isEqualTo("API-Schl\u00fcssel");
		assertThat(german.getProperty("cred.add.title")).isEqualTo("Zugangsdaten hinzuf\u00fcgen");
		assertThat(german.values())
			.allSatisfy((text) -> assertThat(text.toString()).doesNotContain("\u00c3", "\ufffd"));
	}

	private static MockHttpServletRequestBuilder newUser(String name, String role) {
		return post("/admin/users").param("username", name)
			.param("password", "long enough password")
			.param("role", role);
	}

	/** A service principal with three problems: name, tenant and client id. */
	private static MockHttpServletRequestBuilder badPrincipal() {
		return post("/admin/credentials").param("kind", "service_principal")
			.param("name", "x y")
			.param("tenant_id", "")
			.param("client_id", "no-guid")
			.param("client_secret", "s");
	}

	/** The schedule form as the browser sends it, every field present. */
	private static MockHttpServletRequestBuilder scheduleForm(String name, Report report, String cron, String zone,
			String recipients) {
		return post("/admin/schedules").param("name", name)
			.param("reportId", String.valueOf(report.id().value()))
			.param("format", "pdf")
			.param("pages", "")
			.param("filters", "")
			.param("each", "")
			.param("eachValues", "")
			.param("combine", "false")
			.param("cron", cron)
			.param("timeZone", zone)
			.param("recipients", recipients)
			.param("subject", "")
			.param("enabled", "true");
	}

	private static Properties bundle(String path) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = GermanAccessPagesTest.class.getClassLoader().getResourceAsStream(path)) {
			assertThat(in).as(path).isNotNull();
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

	private String page(MockHttpServletRequestBuilder request, String language) throws Exception {
		return this.mvc.perform(request.with(ADMIN).with(csrf()).header("Accept-Language", language))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	private String flash(MockHttpServletRequestBuilder request, String language, String name) throws Exception {
		Object value = this.mvc.perform(request.with(ADMIN).with(csrf()).header("Accept-Language", language))
			.andReturn()
			.getFlashMap()
			.get(name);
		return (value != null) ? value.toString() : "";
	}

}
