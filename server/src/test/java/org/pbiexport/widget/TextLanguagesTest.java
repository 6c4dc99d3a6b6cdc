package org.pbiexport.widget;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.DemoApp;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.Reports;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal and the widget in the reader's language, in real Chromium: German from
 * {@code GET /widget/texts} (the portal by the browser's language, the widget by its host
 * page's {@code <html lang>} or {@code data-lang}), English as before, and English when
 * the server has no texts to give (an older one answers 404).
 */
class TextLanguagesTest extends DemoApp {

	/** Another origin: a host page, and a stand-in for a site forwarding the API. */
	static HttpServer intranet;

	static volatile String intranetPage = "";

	static volatile int appPort;

	static long patientDemo;

	static final List<String> forwarded = new CopyOnWriteArrayList<>();

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	BrowserContext context;

	@BeforeAll
	static void start() throws IOException {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		intranet = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		intranet.createContext("/", (exchange) -> {
			String path = exchange.getRequestURI().getRawPath();
			if (path.equals("/")) {
				answer(exchange, 200, "text/html; charset=utf-8", intranetPage.getBytes(StandardCharsets.UTF_8));
			}
			else if (path.startsWith("/widget/texts")) {
				// a server from before /widget/texts
				forwarded.add(path);
				answer(exchange, 404, "application/problem+json", "{\"status\":404}".getBytes(StandardCharsets.UTF_8));
			}
			else {
				forwarded.add(path);
				try {
					forward(client, exchange);
				}
				catch (IOException | RuntimeException ex) {
					forwarded.add(path + " failed: " + ex);
					throw ex;
				}
			}
		});
		intranet.setExecutor(Executors.newCachedThreadPool());
		intranet.start();
	}

	/** GETs of the API, passed on to the app as a site's proxy would. */
	private static void forward(HttpClient client, HttpExchange exchange) throws IOException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + appPort + exchange.getRequestURI()));
		String accept = exchange.getRequestHeaders().getFirst("Accept");
		request.header("Accept", (accept != null) ? accept : "*/*");
		try {
			HttpResponse<byte[]> response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
			response.headers()
				.firstValue("Content-Disposition")
				.ifPresent((value) -> exchange.getResponseHeaders().add("Content-Disposition", value));
			answer(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse("text/plain"),
					response.body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			answer(exchange, 502, "text/plain", new byte[0]);
		}
	}

	private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
		exchange.getResponseHeaders().add("Content-Type", type);
		exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@AfterAll
	static void stop() {
		if (intranet != null) {
			intranet.stop(0);
		}
	}

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void thePortalSpeaksTheBrowsersLanguage() {
		Page page = browser("de-DE").newPage();
		page.navigate("http://localhost:" + this.port + "/?report=" + demo());
		page.waitForSelector("#portal-mount .pbi-export__actions");
		assertThat(page.locator("html").getAttribute("lang")).isEqualTo("de");
		assertThat(page.title()).isEqualTo("Berichte · pbi-export");
		assertThat(page.locator("h1").textContent()).isEqualTo("Berichte");
		assertThat(page.locator("label[for=report-search]").textContent()).isEqualTo("Bericht suchen");
		assertThat(page.locator("#report-search").getAttribute("placeholder")).isEqualTo("Titel oder Beschreibung");
		assertThat(page.locator("#report-count").textContent()).endsWith(" Berichte");
		assertThat(page.locator("#report-list .meta").first().textContent()).contains(" Seite");
		assertThat(page.locator("#portal-mount button[data-format]").allTextContents()).contains("PNG herunterladen",
				"PDF herunterladen");
		assertThat(page.locator("#portal-mount label[for$='-page']").textContent()).isEqualTo("Seite");
		assertThat(page.locator("#portal-mount .pbi-export__scope").textContent()).contains("Diese Seite");
		assertThat(page.locator("#portal-mount [data-column='Region'] .pbi-export__bulk").textContent())
			.contains("Alle wählen", "Leeren");
		page.locator("#portal-mount button.pbi-export__primary").click();
		page.waitForFunction("() => { const i = document.querySelector('#portal-mount img');"
				+ " return i && i.complete && i.naturalWidth > 0; }");
		assertThat(page.locator("#portal-mount .pbi-export__status").textContent()).isEqualTo("Vorschau fertig.");
		assertThat(page.locator("#portal-mount img").getAttribute("alt"))
			.startsWith("Vorschau von Sales demo, patient");
	}

	@Test
	void thePortalStaysEnglishForAnEnglishBrowser() {
		Page page = browser("en-US").newPage();
		page.navigate("http://localhost:" + this.port + "/?report=" + demo());
		page.waitForSelector("#portal-mount .pbi-export__actions");
		assertThat(page.locator("html").getAttribute("lang")).isEqualTo("en");
		assertThat(page.title()).isEqualTo("Reports · pbi-export");
		assertThat(page.locator("label[for=report-search]").textContent()).isEqualTo("Find a report");
		assertThat(page.locator("#report-count").textContent()).endsWith(" reports");
		assertThat(page.locator("#portal-mount button[data-format]").allTextContents()).contains("Download PNG",
				"Download PDF");
		assertThat(page.locator("#portal-mount .pbi-export__scope").textContent()).contains("This page");
	}

	@Test
	void aWidgetSpeaksItsHostPagesLanguageOrItsDataLang() {
		Page page = hostPage("de", """
				<div id="de" data-pbi-export data-report-id="%1$d"></div>
				<div id="en" data-pbi-export data-report-id="%1$d" data-lang="en"></div>
				""".formatted(demo()));
		page.waitForSelector("#de .pbi-export__actions");
		page.waitForSelector("#en .pbi-export__actions");
		assertThat(page.locator("#de button").allTextContents()).contains("Vorschau", "PNG herunterladen",
				"Link kopieren");
		assertThat(page.locator("#de label[for$='-page']").textContent()).isEqualTo("Seite");
		assertThat(page.locator("#de [data-column='Region'] .pbi-export__count").textContent())
			.isEqualTo("2 von 5 gewählt");
		assertThat(
				page.locator("#de [data-column='Region'] .pbi-export__bulk button").first().getAttribute("aria-label"))
			.isEqualTo("Alle angezeigten Werte von Region wählen");
		assertThat(page.locator("#en button").allTextContents()).contains("Preview", "Download PNG", "Copy link");
		assertThat(page.locator("#en [data-column='Region'] .pbi-export__count").textContent())
			.isEqualTo("2 of 5 chosen");
	}

	@Test
	void aWidgetOnAnEnglishPageIsUnchanged() {
		Page page = hostPage("en", "<div id=\"w\" data-pbi-export data-report-id=\"%d\"></div>".formatted(demo()));
		page.waitForSelector("#w .pbi-export__actions");
		assertThat(page.locator("#w button").allTextContents()).contains("Preview", "Download PNG", "Download PDF",
				"Copy link", "Select all", "Clear");
		assertThat(page.locator("#w label[for$='-page']").textContent()).isEqualTo("Page");
		assertThat(page.locator("#w [data-column='Region'] .pbi-export__count").textContent())
			.isEqualTo("2 of 5 chosen");
	}

	@Test
	void aWidgetWhoseServerHasNoTextsWorksInEnglish() {
		forwarded.clear();
		String server = "http://127.0.0.1:" + intranet.getAddress().getPort();
		Page page = hostPage("de", "<div id=\"w\" data-pbi-export data-report-id=\"%d\" data-server=\"%s\"></div>"
			.formatted(demo(), server));
		page.waitForFunction(
				"() => document.querySelector('#w .pbi-export__actions, #w .pbi-export__error:not([hidden])')");
		assertThat(page.locator("#w .pbi-export__error:not([hidden])").count())
			.as(() -> page.locator("#w").textContent() + forwarded)
			.isZero();
		assertThat(forwarded).contains("/widget/texts", "/api/reports");
		assertThat(page.locator("#w button").allTextContents()).contains("Preview", "Download PNG");
		page.locator("#w button.pbi-export__primary").click();
		page.waitForFunction("() => { const i = document.querySelector('#w img');"
				+ " return i && i.complete && i.naturalWidth > 0; }");
		assertThat(page.locator("#w .pbi-export__status").textContent()).isEqualTo("Preview ready.");
	}

	@Test
	void theTextsAreChosenByLangThenAcceptLanguageAndMayBeKept() {
		Http http = new Http(this.port);
		Http.Response german = http.with("Accept-Language", "fr-CH, de;q=0.8, en;q=0.5").get("/widget/texts");
		assertThat(german.status()).isEqualTo(200);
		assertThat(german.contentType()).isEqualTo("application/json");
		assertThat(german.header("Cache-Control").orElseThrow()).contains("max-age=3600", "public");
		assertThat(german.raw().headers().allValues("Vary"))
			.anySatisfy((vary) -> assertThat(vary).contains("Accept-Language"));
		JsonNode body = german.json();
		assertThat(body.get("lang").stringValue()).isEqualTo("de");
		assertThat(body.get("texts").get("widget.error.503").stringValue()).contains("verfügbar");
		assertThat(body.get("texts").get("portal.pages.other").stringValue()).isEqualTo("{0} Seiten");

		JsonNode english = http.with("Accept-Language", "de-DE").get("/widget/texts?lang=en-GB").json();
		assertThat(english.get("lang").stringValue()).isEqualTo("en");
		assertThat(english.get("texts").get("widget.preview").stringValue()).isEqualTo("Preview");
		assertThat(new Http(this.port).get("/widget/texts?lang=fr").json().get("lang").stringValue()).isEqualTo("en");
		assertThat(new Http(this.port).get("/widget/texts?lang=de-AT").json().get("lang").stringValue())
			.isEqualTo("de");
		assertThat(new Http(this.port).get("/widget/texts").json().get("lang").stringValue()).isEqualTo("en");
		assertThat(new Http(this.port).get("/widget/texts?lang=%3Cscript%3E").json().get("texts").size())
			.isEqualTo(body.get("texts").size());
	}

	/**
	 * A copy of the demo report with a time budget that a busy machine meets, made once
	 * for this class.
	 */
	private long demo() {
		if (patientDemo == 0) {
			ReportDraft demo = this.catalog.find(new ReportId(Reports.idOf(this.catalog, "Sales demo")))
				.orElseThrow()
				.draft();
			patientDemo = this.catalog
				.create(new ReportDraft("Sales demo, patient " + System.nanoTime(), "", demo.embedUrl(),
						demo.embedKind(), demo.renderMode(),
						new RenderSettings(null, null, 120_000, null, null, null, false), true, demo.pages(),
						demo.filters(), demo.powerbi(), demo.options()), "test")
				.id()
				.value();
		}
		return patientDemo;
	}

	private BrowserContext browser(String locale) {
		this.context = Chromium.shared()
			.browser()
			.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setLocale(locale));
		return this.context;
	}

	private Page hostPage(String lang, String body) {
		appPort = this.port;
		intranetPage = """
				<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><title>Intranet</title>
				<script src="http://localhost:%d/widget/pbi-export.js" defer></script></head>
				<body>%s</body></html>
				""".formatted(lang, this.port, body);
		Page page = browser("en-US").newPage();
		page.navigate("http://127.0.0.1:" + intranet.getAddress().getPort() + "/");
		return page;
	}

}
