package org.pbiexport.admin;

import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.web.servlet.LocaleResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbiexport.admin.ReportListTest.EDITOR;
import static org.pbiexport.testsupport.Reports.aReport;
import static org.pbiexport.testsupport.Reports.regions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The report, import, sign-in and account pages, the layout and the error page in the
 * language the browser asks for: German for {@code Accept-Language: de}, with no English
 * left in the phrases looked at, and the same English as always otherwise.
 */
class GermanAdminPagesTest extends SqliteApp {

	private static final String GERMAN = "de-DE,de;q=0.9,en;q=0.5";

	@Autowired
	MockMvc mvc;

	@Autowired
	Catalog catalog;

	@Autowired
	LocaleResolver locales;

	private Report report;

	@BeforeEach
	void aReportWithAFilter() {
		this.report = this.catalog.create(
				aReport().titled("Umsatz " + System.nanoTime()).withPage("P1").withFilter(regions("North")).build(),
				"setup");
	}

	@Test
	void theReportListAndTheLayout() throws Exception {
		String german = page(get("/admin/reports?q=" + this.report.title()), GERMAN);
		assertThat(german).contains("<html lang=\"de\"")
			.contains("<title>Berichte · pbi-export-Verwaltung</title>")
			.contains("Zum Inhalt springen")
			.contains("aria-label=\"Verwaltung\"")
			.contains(">Verlauf</a>")
			.contains(">Abmelden</button>")
			.contains(">Bericht hinzufügen</a>")
			.contains("placeholder=\"Titel, Beschreibung oder ID suchen\"")
			.contains("1 Bericht<")
			.contains(">Zuletzt bearbeitet</a>")
			.contains("aria-label=\"" + this.report.title() + " auswählen\"")
			.contains(">Aktiv</span>")
			.contains("von setup")
			.contains("Seite 1 von 1")
			.contains("Mit der Auswahl:")
			.contains(">Bearbeiter<")
			.doesNotContain("Add report")
			.doesNotContain("Skip to content")
			.doesNotContain("Last edited")
			.doesNotContain("Page 1 of 1");
		assertThat(page(get("/admin/reports?q=nothing-" + System.nanoTime()), GERMAN))
			.contains("Keine Berichte gefunden.")
			.contains("0 Berichte");

		String english = page(get("/admin/reports?q=" + this.report.title()), null);
		assertThat(english).contains("<html lang=\"en\"")
			.contains("<title>Reports · pbi-export admin</title>")
			.contains("Skip to content")
			.contains(">Add report</a>")
			.contains("1 report<")
			.contains("aria-label=\"Select " + this.report.title() + "\"")
			.contains("by setup")
			.contains("Page 1 of 1")
			.contains(">editor<")
			.doesNotContain("Berichte");
		assertThat(page(get("/admin/reports?q=" + this.report.title()), "fr-FR,fr;q=0.9")).contains("<html lang=\"en\"")
			.contains("Skip to content");
	}

	@Test
	void theReportForm() throws Exception {
		String german = page(get("/admin/reports/" + this.report.id()), GERMAN);
		assertThat(german).contains("← Berichte")
			.contains("Bericht " + this.report.id() + " · Version 1 · zuletzt bearbeitet")
			.contains("Wie er dargestellt wird")
			.contains("Browser öffnet die Adresse")
			.contains("Export-To-File-API von Power BI")
			.contains("<em>Arbeitsbereichs-ID</em>")
			.contains("Sicherheit auf Zeilenebene (optional)")
			.contains("aria-label=\"Seite 1 nach oben\"")
			.contains("aria-label=\"Seite 1: Breite in Pixeln\"")
			.contains("Filter 1: Region")
			.contains("aria-label=\"Filter 1 entfernen\"")
			.contains("Erlaubte Werte, einer pro Zeile")
			.contains("data-one=\"1 Wert\" data-many=\"{0} Werte\"")
			.contains("Mehrere Werte wählbar")
			.contains("Darstellungseinstellungen")
			.contains("Sichere Einbettung: URL-Filter und Seitenwahl funktionieren")
			.contains("URL-Filter funktionieren")
			.contains(
					"herunterladen als <a href=\"/admin/reports/" + this.report.id() + "/filters/export?format=xlsx\">")
			.contains(">Speichern und weiter bearbeiten</button>")
			.contains("P1: wird dargestellt…")
			.doesNotContain("Render settings")
			.doesNotContain("How it is rendered")
			.doesNotContain("Move page 1 up")
			.doesNotContain("URL filters work");

		String english = page(get("/admin/reports/" + this.report.id()), null);
		assertThat(english).contains("Report " + this.report.id() + " · version 1 · last edited")
			.contains("How it is rendered")
			.contains("A headless browser opens the report's address below.")
			.contains("Power BI's Export To File API")
			.contains("the whole &lt;iframe&gt;")
			.contains("\"One file per …\"")
			.contains("aria-label=\"Move page 1 up\"")
			.contains("Filter 1: Region")
			.contains("Secure embed: URL filters and page choice work")
			.contains("URL filters work")
			.contains("download as <a href=\"/admin/reports/" + this.report.id() + "/filters/export?format=xlsx\">")
			.contains("(blank: the server's default)");

		MvcResult invalid = result(post("/admin/reports/new").with(csrf())
			.param("title", "")
			.param("embedUrl", this.report.embedUrl())
			.param("pages[0].name", "P1"), GERMAN);
		assertThat(invalid.getResponse().getContentAsString()).contains("1 Problem zu beheben")
			.contains("<title>Bericht hinzufügen · pbi-export-Verwaltung</title>");
		MvcResult saved = result(post("/admin/reports/" + this.report.id()).with(csrf())
			.param("title", this.report.title())
			.param("embedUrl", this.report.embedUrl())
			.param("enabled", "true")
			.param("version", String.valueOf(this.report.version()))
			.param("pages[0].name", "P1"), GERMAN);
		assertThat(saved.getFlashMap().get("message")).isEqualTo("„" + this.report.title() + "“ gespeichert.");
		MvcResult noIds = result(
				post("/admin/reports/new").with(csrf()).param("op", "powerbi-pages").param("embedUrl", ""), GERMAN);
		assertThat(noIds.getResponse().getContentAsString())
			.contains("Um die Seiten aus Power BI zu lesen, tragen Sie die Arbeitsbereichs-ID");
	}

	@Test
	void deletingAndBulkActions() throws Exception {
		String german = page(get("/admin/reports/" + this.report.id() + "/delete"), GERMAN);
		assertThat(german).contains("„" + this.report.title() + "“ löschen?")
			.contains("Mit diesem Bericht wird endgültig auch gelöscht:")
			.contains("1 Seite: P1")
			.contains("1 Filter: Region (1 erlaubter Wert)")
			.contains("Bericht <strong>" + this.report.id() + "</strong> verwenden")
			.contains(">Ja, löschen</button>")
			.doesNotContain("allowed values")
			.doesNotContain("Yes, delete it");
		String english = page(get("/admin/reports/" + this.report.id() + "/delete"), null);
		assertThat(english).contains("Delete “" + this.report.title() + "”?")
			.contains("1 page: P1")
			.contains("1 filter: Region (1 allowed values)")
			.contains("Widgets and links that use report <strong>" + this.report.id()
					+ "</strong> will answer “not found”. Its history is kept.");

		String bulk = page(post("/admin/reports/bulk").with(csrf())
			.param("action", "enable")
			.param("ids", this.report.id().toString()), GERMAN);
		assertThat(bulk).contains("<title>Bestätigen · pbi-export-Verwaltung</title>");
		MvcResult nothingChosen = result(post("/admin/reports/bulk").with(csrf()).param("action", "delete"), GERMAN);
		assertThat(nothingChosen.getFlashMap().get("error"))
			.isEqualTo("Wählen Sie zuerst einen oder mehrere Berichte aus.");
		assertThat(bulkApplied("disable", GERMAN)).isEqualTo("1 Bericht deaktiviert.");
		assertThat(bulkApplied("enable", null)).isEqualTo("Enabled 1 report.");
	}

	@Test
	void theImportWizard() throws Exception {
		String start = page(get("/admin/reports/" + this.report.id() + "/filters/import"), GERMAN);
		assertThat(start).contains("Filter in „" + this.report.title() + "“ importieren")
			.contains("<strong>Hochladen</strong>")
			.contains("Beginnen Sie mit der <a href=\"/admin/filters/template.xlsx\">Vorlage</a>")
			.contains("aria-label=\"Fortschritt des Hochladens\"")
			.contains("data-uploading=\"Wird hochgeladen… {0} %\"")
			.contains("Oder: Filter aus einem Datenauszug machen")
			.doesNotContain("Upload and preview")
			.doesNotContain("Upload progress");
		assertThat(page(get("/admin/reports/" + this.report.id() + "/filters/import"), null))
			.contains("Upload the BI team's filter list as <strong>.xlsx</strong>")
			.contains("or from this report's current filters as <a href=\"/admin/reports/" + this.report.id()
					+ "/filters/export?format=xlsx\">.xlsx</a>")
			.contains("aria-label=\"Upload progress\"");

		String csv = "filter_label,column_name,table_name,allowed_values\nRegion,region,Geography,North|South\n"
				+ "Year,year,Calendar,2024\n";
		String preview = upload("/filters/import", "regions.csv", csv, GERMAN);
		assertThat(preview).contains("<title>Importvorschau · pbi-export-Verwaltung</title>")
			.contains("Vorschau: regions.csv")
			.contains("Filter, die sich ändern")
			.contains("+ 1 hinzugefügt:")
			.contains("Neue Filter")
			.contains(">Bestätigen und importieren</button>")
			.doesNotContain("Filters that change")
			.doesNotContain("added:");
		assertThat(upload("/filters/import", "regions.csv", csv, null)).contains("Filters that change")
			.contains("+ 1 added:")
			.contains("New filters");
		String withErrors = upload("/filters/import", "bad.csv",
				"filter_label,column_name,table_name,allowed_values,type\nYear,year,Calendar,x,integer\n", GERMAN);
		assertThat(withErrors).contains(">Zeile</th>").contains("Die fehlerhaften Zeilen mit einer Fehlerspalte");

		String columns = upload("/filters/extract", "extract.csv", "Region,Amount\nNorth,1\nSouth,2\n", GERMAN);
		assertThat(columns).contains("<title>Spalten wählen · pbi-export-Verwaltung</title>")
			.contains("Filter aus extract.csv")
			.contains("Unterschiedliche Werte")
			.contains("placeholder=\"zum Beispiel Geografie\"")
			.doesNotContain("Distinct values");
		assertThat(upload("/filters/extract", "extract.csv", "Region,Amount\nNorth,1\n", null))
			.contains("Filters from extract.csv")
			.contains("Each column you choose becomes a filter whose allowed values are the column's distinct values.");

		String noFile = page(multipart("/admin/reports/" + this.report.id() + "/filters/import").with(csrf()), GERMAN);
		assertThat(noFile).contains("Wählen Sie eine Tabelle zum Hochladen (.xlsx, .xls oder .csv).");
	}

	@Test
	void signInAccountAndErrors() throws Exception {
		String login = this.mvc.perform(get("/login?wait=30").header("Accept-Language", GERMAN))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(login).contains("<html lang=\"de\"")
			.contains("<title>Anmelden · pbi-export-Verwaltung</title>")
			.contains("Warten Sie 30 Sekunden")
			.contains(">Benutzername</label>")
			.contains("Der erste Admin heißt <code>admin</code>")
			.doesNotContain("User name");
		String english = this.mvc.perform(get("/login?wait=30")).andReturn().getResponse().getContentAsString();
		assertThat(english).contains("<title>Sign in · pbi-export admin</title>")
			.contains(
					"Too many failed sign-ins for this account or from this address. Wait 30 seconds, then try again.")
			.contains("The first admin is <code>admin</code>; its password is set by");

		assertThat(page(get("/admin/account"), GERMAN)).contains("<h1>Ihr Konto</h1>")
			.contains("Angemeldet als <strong>erin</strong>")
			.contains("Mindestens 10 Zeichen.")
			.contains(">Passwort ändern</button>");
		assertThat(page(get("/admin/account"), null)).contains("Signed in as <strong>erin</strong>")
			.contains("At least 10 characters.");

		String unknown = page(get("/admin/reports/987654321"), GERMAN);
		assertThat(unknown).contains("<h1>Nicht gefunden</h1>").contains("Zur Verwaltung");
		String invalid = page(get("/admin/reports/abc"), GERMAN);
		assertThat(invalid).contains("<h1>Ungültige Anfrage</h1>");
		assertThat(page(get("/admin/reports/abc"), null)).contains("<h1>Invalid request</h1>").contains("Admin home");
	}

	/** The flash message after applying {@code action} to this test's report. */
	@Test
	void aRequestWithoutAcceptLanguageIsEnglishWhateverTheServersLocale() {
		// Tomcat answers getLocale() with the JVM's default locale when no header is
		// sent.
		MockHttpServletRequest germanServer = new MockHttpServletRequest() {
			@Override
			public Locale getLocale() {
				return Locale.GERMANY;
			}
		};
		assertThat(this.locales.resolveLocale(germanServer)).isEqualTo(Locale.ENGLISH);
		germanServer.addHeader("Accept-Language", GERMAN);
		assertThat(this.locales.resolveLocale(germanServer)).isEqualTo(Locale.GERMANY);
	}

	private Object bulkApplied(String action, String language) throws Exception {
		return result(post("/admin/reports/bulk/apply").with(csrf())
			.param("action", action)
			.param("ids", this.report.id().toString()), language).getFlashMap().get("message");
	}

	private String upload(String path, String name, String content, String language) throws Exception {
		return page(multipart("/admin/reports/" + this.report.id() + path)
			.file(new MockMultipartFile("file", name, "text/csv", content.getBytes()))
			.session(new MockHttpSession())
			.with(csrf()), language);
	}

	private String page(AbstractMockHttpServletRequestBuilder<?> request, String language) throws Exception {
		return result(request, language).getResponse().getContentAsString();
	}

	/** The answer to an editor's request, in {@code language} (null: none asked for). */
	private MvcResult result(AbstractMockHttpServletRequestBuilder<?> request, String language) throws Exception {
		if (language != null) {
			request.header("Accept-Language", language);
		}
		return this.mvc.perform(request.with(EDITOR)).andReturn();
	}

}
