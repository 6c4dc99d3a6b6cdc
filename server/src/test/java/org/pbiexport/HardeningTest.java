package org.pbiexport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.security.ApiKeys;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.RawHttp;
import org.pbiexport.testsupport.ReadsTheLog;
import org.pbiexport.testsupport.TestDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.util.UriUtils;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbiexport.testsupport.Reports.aReport;

/**
 * The attacks and faults of issue 14 against the running app over real HTTP, each
 * reproduced as it was found and answered as it must be now. One context for all of them;
 * the ones that need the {@code prod} profile are in {@code ProdHardeningTest}.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"pbi-export.admin.password=test-admin-pw", "logging.level.org.pbiexport.web.ProblemResponses=debug" })
class HardeningTest {

	static final String ADMIN_PASSWORD = "test-admin-pw";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.SQLITE.register(registry);
	}

	static final String FORM = "application/x-www-form-urlencoded";

	static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@Value("${pbi-export.data-dir}")
	String dataDir;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApiKeys keys;

	@Autowired
	Catalog catalog;

	@Autowired
	SessionCounter sessions;

	/** Counts the HTTP sessions the app creates. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Sessions {

		@Bean
		SessionCounter sessionCounter() {
			return new SessionCounter();
		}

	}

	static final class SessionCounter implements HttpSessionListener {

		final AtomicInteger created = new AtomicInteger();

		@Override
		public void sessionCreated(HttpSessionEvent event) {
			this.created.incrementAndGet();
		}

	}

	@Test
	void addressesTomcatRefusesAreAnsweredWithProblems() {
		for (String target : new String[] { "/api/reports%2Fx", "/api/reports%00", "/api/re|ports",
				"/api/reports?q=" + "a".repeat(20_000) }) {
			RawHttp.Response refused = RawHttp.get(this.port, "GET", target);

			assertThat(refused.status()).as(target.substring(0, Math.min(40, target.length()))).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("status").asInt()).isEqualTo(400);
			assertThat(refused.json().get("type").stringValue()).isEqualTo("/problems/invalid-request");
			assertThat(refused.body()).doesNotContain("<html", "Tomcat").hasSizeLessThan(1000);
		}
		RawHttp.Response hugeHeader = RawHttp.get(this.port, "GET", "/api/reports", "X-Padding: " + "b".repeat(20_000));
		assertThat(hugeHeader.status()).isEqualTo(400);
		assertThat(hugeHeader.contentType()).startsWith("application/problem+json");
	}

	@Test
	void invalidUtf8InAQueryValueIsTheClientsFault() {
		Http.Response response = new Http(this.port).get("/api/export?report_id=1&filter.year=%C3%28");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("query");
		assertThat(response.body()).doesNotContain("Tomcat", "tomcat", "Exception");
	}

	@Test
	void springsOwnErrorsAreProblemsToo() {
		RawHttp.Response trace = RawHttp.get(this.port, "TRACE", "/api/reports");
		assertThat(trace.status()).isEqualTo(405);
		assertThat(trace.contentType()).startsWith("application/problem+json");
		assertThat(trace.json().get("type").stringValue()).isEqualTo("/problems/method-not-allowed");
		assertThat(trace.json().has("timestamp")).isFalse();

		Http.Response error = new Http(this.port).get("/error");
		assertThat(error.status()).isEqualTo(404);
		assertThat(error.contentType()).isEqualTo("application/problem+json");
		assertThat(error.json().has("timestamp")).isFalse();

		Http.Response page = new Http(this.port).with("Accept", "text/html").get("/error");
		assertThat(page.status()).isEqualTo(404);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(page.body()).contains("There is nothing at this address", "HTTP 404");
	}

	@Test
	void anUnknownApiPathIsNotFoundWhoeverAsks() {
		Http signedIn = session(signIn("admin", ADMIN_PASSWORD));
		for (Http client : List.of(new Http(this.port), admin(), signedIn)) {
			for (String method : List.of("GET", "POST")) {
				Http.Response unknown = client.send(method, "/api/nope", "application/json",
						"POST".equals(method) ? "{}" : null);

				assertThat(unknown.status()).as(method).isEqualTo(404);
				assertThat(unknown.contentType()).isEqualTo("application/problem+json");
				assertThat(unknown.json().get("type").stringValue()).isEqualTo("/problems/not-found");
			}
		}
		// Paths that exist are as protected as ever; admin pages still send you to sign
		// in.
		assertThat(new Http(this.port).get("/api/admin/reports").status()).isEqualTo(401);
		assertThat(new Http(this.port).post("/api/admin/reports", "{}").status()).isIn(401, 403);
		Http.Response page = new Http(this.port).with("Accept", "text/html").get("/admin/nope");
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.header("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith("/login"));
	}

	@Test
	void aMethodThePathDoesNotTakeIsNotAllowedWhoeverAsks() {
		String key = this.keys.create("wrong method", Set.of(), Set.of(), false, "test").secret();
		for (Http client : List.of(new Http(this.port), admin(), new Http(this.port).with("X-API-Key", key))) {
			Http.Response refused = client.delete("/api/reports");

			assertThat(refused.status()).isEqualTo(405);
			assertThat(refused.contentType()).isEqualTo("application/problem+json");
			assertThat(refused.json().get("type").stringValue()).isEqualTo("/problems/method-not-allowed");
			assertThat(refused.header("Allow"))
				.hasValueSatisfying((allow) -> assertThat(allow).contains("GET").doesNotContain("DELETE"));
		}
	}

	@Test
	void malformedJsonIsAProblemSayingWhereItBreaks() {
		Http.Response broken = new Http(this.port).post("/api/exports", "{\"report_id\": 1,\n \"format\": png}");

		assertThat(broken.status()).isEqualTo(400);
		assertThat(broken.contentType()).isEqualTo("application/problem+json");
		assertThat(broken.json().get("type").stringValue()).isEqualTo("/problems/invalid-request");
		assertThat(broken.json().get("detail").stringValue()).startsWith("body: is not valid JSON")
			.contains("at line 2, column ");
		assertThat(broken.json().get("errors").get(0).get("field").stringValue()).isEqualTo("body");
		assertThat(broken.body()).doesNotContain("Failed to read", "jackson", "Jackson", "Exception", "png");

		Http.Response cut = new Http(this.port).post("/api/exports", "{\"report_id\": 1,");
		assertThat(cut.status()).isEqualTo(400);
		assertThat(cut.json().get("detail").stringValue()).endsWith("at line 1, column 17");
	}

	/**
	 * docs/contract.md names a filter in errors {@code filters.<column>}, also when the
	 * query sent it as {@code filter.<column>}.
	 */
	@Test
	void aFiltersErrorsNameItAsTheContractDoes() {
		Http.Response refused = new Http(this.port).get("/api/export?report_id=" + demoReportId() + "&filter.Nope=1");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").findValuesAsString("field")).contains("filters.Nope");
	}

	@Test
	void aDisabledAdminsSessionEndsWithTheNextRequest() {
		createUser("mallory", "ADMIN");
		Http mallory = session(signIn("mallory"));
		Http malloryInAnotherBrowser = session(signIn("mallory"));
		assertThat(mallory.get("/api/admin/reports").status()).isEqualTo(200);

		assertThat(admin().send("POST", "/admin/users/mallory", FORM, "enabled=false").status()).isEqualTo(302);

		Http.Response api = mallory.get("/api/admin/reports");
		assertThat(api.status()).isEqualTo(401);
		assertThat(api.json().get("type").stringValue()).isEqualTo("/problems/session-ended");
		Http.Response page = malloryInAnotherBrowser.with("Accept", "text/html").get("/admin/reports");
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.header("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith("/login?expired"));
		assertThat(mallory.get("/api/admin/reports").status()).isEqualTo(401);
	}

	@Test
	void aDemotedAdminCannotCreateAnAdmin() {
		createUser("trudy", "ADMIN");
		Http trudy = session(signIn("trudy"));
		String token = csrfOf(trudy.get("/admin/users"));

		assertThat(admin().send("POST", "/admin/users/trudy", FORM, "role=VIEWER").status()).isEqualTo(302);
		Http.Response attempt = trudy.send("POST", "/admin/users", FORM,
				"username=trudys-friend&password=long-enough-pw&role=ADMIN&_csrf=" + token);

		assertThat(attempt.status()).isEqualTo(302);
		assertThat(attempt.header("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith("/login?expired"));
		assertThat(userExists("trudys-friend")).isFalse();
		Http trudyAgain = session(signIn("trudy"));
		Http.Response asViewer = trudyAgain.send("POST", "/admin/users", FORM,
				"username=trudys-friend&password=long-enough-pw&role=ADMIN&_csrf="
						+ csrfOf(trudyAgain.get("/admin/reports")));
		assertThat(asViewer.status()).isEqualTo(403);
		assertThat(userExists("trudys-friend")).isFalse();
	}

	@Test
	void aNewPasswordEndsTheOtherSessions() {
		createUser("oscar", "EDITOR");
		Http here = session(signIn("oscar"));
		Http elsewhere = session(signIn("oscar"));

		Http.Response changed = here.send("POST", "/admin/account/password", FORM,
				"current_password=" + PASSWORD + "&new_password=" + PASSWORD + "-2&repeat_password=" + PASSWORD
						+ "-2&_csrf=" + csrfOf(here.get("/admin/account")));
		assertThat(changed.status()).isEqualTo(302);
		assertThat(changed.header("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith("/admin/account"));

		assertThat(here.get("/admin/account").status()).isEqualTo(200);
		assertThat(elsewhere.get("/admin/account").header("Location"))
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/login?expired"));

		assertThat(admin().send("POST", "/admin/users/oscar", FORM, "password=" + PASSWORD).status()).isEqualTo(302);
		assertThat(here.get("/admin/account").header("Location"))
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/login?expired"));
	}

	@Test
	void aPageOfAnotherSiteCannotChangeAnythingWithCachedBasicCredentials() {
		// The browser adds the admin's cached Basic credentials to the page's requests.
		Http browser = admin();
		String document = """
				{"title": "Planted", "embed_url": "/demo/report",
				 "pages": [{"name": "ReportSection1", "display_name": "Overview", "order": 1,
				            "width": 1280, "height": 720}], "filters": []}""";
		for (Http crossSite : List.of(browser.with("Sec-Fetch-Site", "cross-site"),
				browser.with("Sec-Fetch-Site", "same-site"), browser.with("Origin", "https://evil.example.com"),
				browser.with("Origin", "null"))) {
			Http.Response refused = crossSite.post("/api/admin/reports", document);
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.contentType()).isEqualTo("application/problem+json");
			assertThat(refused.json().get("type").stringValue()).isEqualTo("/problems/cross-site-request");
		}
		Http.Response upload = browser.with("Sec-Fetch-Site", "cross-site")
			.send("POST", "/api/admin/reports/1/filters/import", "multipart/form-data; boundary=x",
					"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.csv\"\r\n\r\n"
							+ "column,allowed_values\r\nyear,1999\r\n--x--\r\n");
		assertThat(upload.status()).isEqualTo(403);
		Http.Response form = browser.with("Origin", "https://evil.example.com")
			.send("POST", "/admin/users", FORM, "username=planted&password=long-enough-pw&role=ADMIN");
		assertThat(form.status()).isEqualTo(403);
		assertThat(userExists("planted")).isFalse();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM reports WHERE title = 'Planted'").query(Long.class).single())
			.isZero();

		// Scripts (no such headers), the app's own pages and API keys keep working.
		assertThat(browser.post("/api/admin/reports", document).status()).isEqualTo(201);
		assertThat(browser.with("Sec-Fetch-Site", "same-origin").post("/api/admin/reports", document).status())
			.isEqualTo(201);
		assertThat(
				browser.with("Origin", "http://localhost:" + this.port).post("/api/admin/reports", document).status())
			.isEqualTo(201);
		String key = this.keys.create("automation", Set.of(), Set.of(), true, "test").secret();
		assertThat(new Http(this.port).with("X-API-Key", key)
			.with("Sec-Fetch-Site", "cross-site")
			.post("/api/admin/reports", document)
			.status()).isEqualTo(201);
	}

	@Test
	void browsersAreNotInvitedToRememberBasicCredentials() {
		Http anonymous = new Http(this.port);

		Http.Response navigation = anonymous.with("Sec-Fetch-Mode", "navigate").get("/api/admin/reports");
		Http.Response page = anonymous.with("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
			.get("/api/admin/reports");
		Http.Response script = anonymous.get("/api/admin/reports");

		assertThat(navigation.status()).isEqualTo(401);
		assertThat(navigation.header("WWW-Authenticate")).isEmpty();
		assertThat(navigation.json().get("detail").stringValue()).contains("/login");
		assertThat(page.status()).isEqualTo(401);
		assertThat(page.header("WWW-Authenticate")).isEmpty();
		assertThat(script.status()).isEqualTo(401);
		assertThat(script.header("WWW-Authenticate")).hasValue("Basic realm=\"pbi-export\"");
	}

	@Test
	@ReadsTheLog
	void guessingAPasswordMakesTheAccountWaitAndIsLogged(CapturedOutput output) {
		createUser("victim", "EDITOR");
		Http guesser = new Http(this.port).with("X-Forwarded-For", "203.0.113.10");
		for (int i = 1; i <= 5; i++) {
			assertThat(guesser.as("victim", "guess-number-" + i).get("/admin/account").status()).isEqualTo(401);
		}

		Http.Response right = guesser.as("victim", PASSWORD).get("/admin/account");
		assertThat(right.status()).isEqualTo(429);
		assertThat(right.header("Retry-After")).hasValueSatisfying((s) -> assertThat(Long.parseLong(s)).isPositive());
		assertThat(right.json().get("detail").stringValue()).contains("wait", "seconds");
		Http.Response elsewhere = new Http(this.port).with("X-Forwarded-For", "198.51.100.7")
			.as("victim", PASSWORD)
			.get("/admin/account");
		assertThat(elsewhere.status()).isEqualTo(429);
		Http.Response page = new Http(this.port).get("/login");
		Http.Response form = new Http(this.port).with("Cookie", cookieOf(page, "PBI-EXPORT-CSRF"))
			.send("POST", "/login", FORM, "username=victim&password=" + PASSWORD + "&_csrf=" + csrfOf(page));
		assertThat(form.header("Location")).hasValueSatisfying((to) -> assertThat(to).contains("/login?wait="));

		assertThat(output.getAll()).contains("Failed sign-in as 'victim' from 203.0.113.10")
			.contains("Refused a sign-in as 'victim' from 198.51.100.7")
			.doesNotContain("guess-number-");
		String metrics = new Http(this.port).get("/actuator/prometheus").body();
		assertThat(metrics).containsPattern("pbi_export_sign_in_failures_total\\{[^}]*outcome=\"bad_credentials\"")
			.containsPattern("pbi_export_sign_in_failures_total\\{[^}]*outcome=\"throttled\"");
	}

	@Test
	void theTwoHundredAndFirstWrongPasswordIsThrottled() {
		createUser("brute", "EDITOR");
		Http guesser = new Http(this.port).with("X-Forwarded-For", "203.0.113.20");
		int checked = 0;
		for (int i = 1; i <= 200; i++) {
			int status = guesser.as("brute", "wrong-" + i).get("/admin/account").status();
			assertThat(status).isIn(401, 429);
			checked += (status == 401) ? 1 : 0;
		}
		// Five free tries, then one more each time a doubling wait (2, 4, 8 s...) ended.
		assertThat(checked).isBetween(5, 10);
		assertThat(guesser.as("brute", "wrong-201").get("/admin/account").status()).isEqualTo(429);
		assertThat(guesser.as("brute", PASSWORD).get("/admin/account").status()).isEqualTo(429);
	}

	@Test
	void tryingManyAccountsFromOneAddressIsThrottledToo() {
		createUser("sprayed", "VIEWER");
		Http sprayer = new Http(this.port).with("X-Forwarded-For", "203.0.113.30");
		for (int i = 1; i <= 20; i++) {
			assertThat(sprayer.as("someone-" + i, "password-" + i).get("/admin/account").status()).isEqualTo(401);
		}

		assertThat(sprayer.as("sprayed", PASSWORD).get("/admin/account").status()).isEqualTo(429);
		assertThat(new Http(this.port).with("X-Forwarded-For", "203.0.113.31")
			.as("sprayed", PASSWORD)
			.get("/admin/account")
			.status()).isEqualTo(200);
	}

	@Test
	void anonymousRequestsCreateNoSessions() throws Exception {
		int before = this.sessions.created.get();
		HttpClient client = HttpClient.newHttpClient();
		String base = "http://localhost:" + this.port;
		List<HttpRequest> requests = List.of(HttpRequest.newBuilder(URI.create(base + "/api/admin/reports")).build(),
				HttpRequest.newBuilder(URI.create(base + "/api/admin/reports"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{}"))
					.build(),
				HttpRequest.newBuilder(URI.create(base + "/admin/reports")).header("Accept", "text/html").build(),
				HttpRequest.newBuilder(URI.create(base + "/login")).build(),
				HttpRequest.newBuilder(URI.create(base + "/api/reports")).header("X-API-Key", "pbx_wrong").build());
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < 4000; i++) {
				HttpRequest request = requests.get(i % requests.size());
				statuses
					.add(pool.submit(() -> client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()));
			}
			for (Future<Integer> status : statuses) {
				assertThat(status.get()).isIn(200, 302, 401, 403);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(this.sessions.created.get() - before).isZero();
		// Signing in still makes one, and returns to the page asked for.
		Http.Response asked = new Http(this.port).with("Accept", "text/html").get("/admin/history");
		String returnTo = asked.raw()
			.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("REDIRECT_URI="))
			.map((cookie) -> cookie.split(";")[0])
			.findFirst()
			.orElseThrow();
		Http.Response page = new Http(this.port).get("/login");
		Http.Response signedIn = new Http(this.port).with("Cookie", cookieOf(page, "PBI-EXPORT-CSRF") + "; " + returnTo)
			.send("POST", "/login", FORM, "username=admin&password=" + ADMIN_PASSWORD + "&_csrf=" + csrfOf(page));
		assertThat(signedIn.header("Location")).hasValueSatisfying((to) -> assertThat(to).contains("/admin/history"));
		assertThat(this.sessions.created.get() - before).isEqualTo(1);
	}

	@Test
	void aHugeBodyIsRefusedBeforeItIsRead() {
		for (String path : List.of("/api/export", "/export", "/api/exports", "/api/admin/reports")) {
			long started = System.nanoTime();
			// 60 MB announced; only the first 16 KB are sent before the answer is read.
			RawHttp.Response refused = RawHttp.send(this.port,
					"POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
							+ "Content-Length: 62914560\r\n\r\n",
					("{\"report_id\": 1, \"pad\": \"" + "a".repeat(16_000)).getBytes(StandardCharsets.US_ASCII));

			assertThat(refused.status()).as(path).isEqualTo(413);
			assertThat(refused.contentType()).isEqualTo("application/problem+json");
			assertThat(refused.json().get("type").stringValue()).isEqualTo("/problems/body-too-large");
			assertThat(refused.headers()).containsEntry("connection", "close");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void aBodySentInChunksIsCutOffAtTheLimit() {
		String body = "{\"report_id\": 1, \"pad\": \"" + "a".repeat(70_000) + "\"}";
		RawHttp.Response refused = RawHttp.send(this.port,
				"POST /api/export HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
				(Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));

		assertThat(refused.status()).isEqualTo(413);
		assertThat(refused.json().get("type").stringValue()).isEqualTo("/problems/body-too-large");
	}

	@Test
	void jsonNestedTooDeeplyIsRefused() {
		Http.Response refused = new Http(this.port).post("/api/export",
				"{\"report_id\": 1, \"filters\": {\"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}}");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.contentType()).isEqualTo("application/problem+json");
		assertThat(refused.body()).doesNotContain("jackson", "Jackson", "StreamConstraints");
	}

	@Test
	void anAnswerListsTheFirstErrorsOnly() {
		long demo = demoReportId();
		StringBuilder filters = new StringBuilder();
		for (int i = 0; i < 5000; i++) {
			filters.append(i == 0 ? "" : ",").append("\"u").append(i).append("\":1");
		}
		String request = "{\"report_id\": " + demo + ", \"filters\": {" + filters + "}}";

		Http.Response refused = new Http(this.port).post("/api/export", request);

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors")).hasSize(20);
		assertThat(refused.json().get("error_count").asInt()).isEqualTo(5000);
		assertThat(refused.json().get("detail").stringValue()).startsWith("5000 problems");
		assertThat(refused.body().length()).isLessThan(request.length() / 2);

		StringBuilder bad = new StringBuilder();
		for (int i = 0; i < 10_000; i++) {
			bad.append(i == 0 ? "" : ",")
				.append("{\"label\": \"L\", \"table\": \"T\", \"column\": \"c")
				.append(i)
				.append("\", \"type\": \"nope\"}");
		}
		String document = "{\"title\": \"Many filters\", \"embed_url\": \"/demo/report\", \"pages\": "
				+ "[{\"name\": \"P\", \"display_name\": \"P\", \"order\": 1, \"width\": 800, \"height\": 600}], "
				+ "\"filters\": [" + bad + "]}";
		Http.Response invalid = admin().post("/api/admin/reports", document);
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.json().get("errors")).hasSize(20);
		assertThat(invalid.json().get("error_count").asInt()).isGreaterThanOrEqualTo(10_000);
		assertThat(invalid.body().length()).isLessThan(20_000);
	}

	long demoReportId() {
		for (JsonNode report : new Http(this.port).get("/api/reports").json().get("reports")) {
			if (report.get("title").stringValue().equals("Sales demo")) {
				return report.get("report_id").longValue();
			}
		}
		throw new AssertionError("the demo report is seeded");
	}

	/**
	 * Last, and the context is closed after it: the app's database is gone.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	@DirtiesContext
	void aDeletedDatabaseFileMakesTheAppUnreadyAndRefusesWrites() throws Exception {
		Http.Response ready = new Http(this.port).get("/actuator/health/readiness");
		assertThat(ready.status()).isEqualTo(200);
		Path file = Path.of(this.dataDir, "pbi-export.db");
		assertThat(file).exists();

		Files.delete(file);

		// Checked at most once a second.
		Http.Response readiness = Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> new Http(this.port).get("/actuator/health/readiness"), (r) -> r.status() != 200);
		assertThat(readiness.status()).isEqualTo(503);
		assertThat(readiness.json().get("status").stringValue()).isEqualTo("DOWN");
		assertThat(readiness.body()).doesNotContain(this.dataDir);
		String document = """
				{"title": "Written into nothing", "embed_url": "/demo/report",
				 "pages": [{"name": "ReportSection1", "display_name": "Overview", "order": 1,
				            "width": 1280, "height": 720}], "filters": []}""";
		Http.Response write = admin().post("/api/admin/reports", document);
		assertThat(write.status()).isEqualTo(503);
		assertThat(write.contentType()).isEqualTo("application/problem+json");
		assertThat(write.header("Retry-After")).hasValue("30");
		assertThat(write.json().get("detail").stringValue()).contains("nothing was changed");
		Http.Response form = admin().with("Accept", "text/html")
			.send("POST", "/admin/users", FORM, "username=lost&password=long-enough-pw&role=VIEWER");
		assertThat(form.status()).isEqualTo(503);
		assertThat(form.contentType()).startsWith("text/html");
		assertThat(new Http(this.port).get("/api/reports").status()).isEqualTo(200);
	}

	@Test
	void everyPageAnswersWithSecurityHeaders() {
		for (String path : List.of("/", "/login", "/api/reports", "/widget/pbi-export.js", "/demo/report")) {
			Http.Response response = new Http(this.port).get(path);
			assertThat(response.header("Content-Security-Policy")).as(path)
				.hasValueSatisfying((csp) -> assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'")
					.doesNotContain("unsafe-eval")
					.doesNotContainPattern("script-src[^;]*unsafe-inline"));
			assertThat(response.header("Referrer-Policy")).as(path).hasValue("strict-origin-when-cross-origin");
			assertThat(response.header("Permissions-Policy")).as(path)
				.hasValueSatisfying((policy) -> assertThat(policy).contains("camera=()"));
		}
	}

	@Test
	void thePagesPassTheirContentSecurityPolicyInChromium() {
		long demo = demoReportId();
		List<String> violations = new ArrayList<>();
		try (BrowserContext context = Chromium.shared().laptopContext()) {
			context.addInitScript("document.addEventListener('securitypolicyviolation', e => "
					+ "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));");
			Page page = context.newPage();
			page.onConsoleMessage((message) -> {
				if (message.text().contains("Content Security Policy") || message.text().contains("CSP violation")) {
					violations.add(page.url() + ": " + message.text());
				}
			});
			String base = "http://localhost:" + this.port;
			page.navigate(base + "/login");
			page.getByLabel("User name").fill("admin");
			page.getByLabel("Password").fill(ADMIN_PASSWORD);
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
			page.waitForURL(base + "/admin**");
			for (String path : List.of("/admin/reports", "/admin/reports/new", "/admin/reports/" + demo,
					"/admin/reports/" + demo + "/filters/import", "/admin/reports/" + demo + "/history",
					"/admin/history", "/admin/users", "/admin/api-keys", "/admin/account", "/admin/schedules",
					"/admin/schedules/new", "/demo/report", "/swagger-ui/index.html", "/no-such-page")) {
				page.navigate(base + path);
				page.waitForLoadState(LoadState.NETWORKIDLE);
			}
			// The portal with the widget: choose the demo and preview it.
			page.navigate(base + "/");
			page.locator("#report-list button", new Page.LocatorOptions().setHasText("Sales demo")).click();
			page.waitForSelector("#portal-mount .pbi-export__actions");
			page.locator("#portal-mount button", new Page.LocatorOptions().setHasText("Preview")).click();
			page.waitForFunction("() => { const i = document.querySelector('#portal-mount img');"
					+ " return i && i.complete && i.naturalWidth > 0; }");
			if (new Http(this.port).get("/powerbi/host.html").status() == 200) {
				page.navigate(base + "/powerbi/host.html");
				page.waitForLoadState(LoadState.NETWORKIDLE);
			}
			assertThat(violations).isEmpty();

			// The watch sees a violation when there is one: an inline script.
			page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
					+ " document.head.appendChild(s); }");
			page.waitForCondition(() -> !violations.isEmpty());
			assertThat(page.evaluate("() => window.x === undefined")).isEqualTo(true);
		}
	}

	@Test
	void theWidgetScriptIsUtf8JavaScriptThatBrowsersMayKeep() {
		Http.Response script = new Http(this.port).get("/widget/pbi-export.js");
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.contentType()).isEqualToIgnoringCase("text/javascript;charset=utf-8");
		assertThat(script.header("Cache-Control")).hasValueSatisfying(
				(cache) -> assertThat(cache).contains("max-age=3600", "public").doesNotContain("no-store"));
		assertThat(script.body()).contains("data-pbi-export");
		String etag = script.header("ETag").orElseThrow();
		String version = etag.replace("\"", "");
		assertThat(script.header("Link")).hasValue("</widget/pbi-export.js?v=" + version + ">; rel=\"canonical\"");

		Http.Response versioned = new Http(this.port).get("/widget/pbi-export.js?v=" + version);
		assertThat(versioned.header("Cache-Control"))
			.hasValueSatisfying((cache) -> assertThat(cache).contains("max-age=31536000", "immutable"));
		assertThat(versioned.body()).isEqualTo(script.body());
		Http.Response pinnedToAnOldOne = new Http(this.port).get("/widget/pbi-export.js?v=0123456789ab");
		assertThat(pinnedToAnOldOne.status()).isEqualTo(200);
		assertThat(pinnedToAnOldOne.header("Cache-Control"))
			.hasValueSatisfying((cache) -> assertThat(cache).contains("max-age=3600"));
		assertThat(new Http(this.port).with("If-None-Match", etag).get("/widget/pbi-export.js").status())
			.isEqualTo(304);
	}

	@Test
	void aTitleWithoutLatinLettersKeepsItsNameInUtf8() {
		Chromium.require();
		JsonNode demo = admin().get("/api/admin/reports/" + demoReportId()).json();
		String document = demo.toString()
			.replace("\"title\":\"Sales demo\"", "\"title\":\"売上レポート\"")
			.replaceAll("\"report_id\":\\d+,", "");
		Http.Response created = admin().post("/api/admin/reports", document);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("report_id").longValue();

		Http.Response export = new Http(this.port)
			.get("/api/export?report_id=" + id + "&page=ReportSection1a2b3c4d5e&filter.Year=2023");

		assertThat(export.status()).isEqualTo(200);
		assertThat(export.header("Content-Disposition")).hasValueSatisfying((disposition) -> assertThat(disposition)
			.startsWith("attachment; filename=\"Overview-2023-")
			.contains("; filename*=UTF-8''" + UriUtils.encode("売上レポート-Overview-2023-", StandardCharsets.UTF_8)));
	}

	@Test
	void switchesTakeTrueOrFalseOnly() {
		long demo = demoReportId();
		for (String query : List.of("dry_run=1", "download=maybe", "download=")) {
			Http.Response refused = admin().get("/api/export?report_id=" + demo + "&" + query);

			String field = query.substring(0, query.indexOf('='));
			assertThat(refused.status()).as(query).isEqualTo(400);
			assertThat(refused.json().get("errors").get(0).get("field").stringValue()).isEqualTo(field);
			assertThat(refused.json().get("errors").get(0).get("allowed_values").toString())
				.isEqualTo("[\"true\",\"false\"]");
		}
		Http.Response dryRun = admin().get("/api/export?report_id=" + demo + "&dry_run=TRUE");
		assertThat(dryRun.status()).isEqualTo(200);
		assertThat(dryRun.json().has("render_url")).isTrue();
	}

	@Test
	void jsonFieldsMustHaveTheirTypes() {
		long demo = demoReportId();
		Http.Response quoted = new Http(this.port).post("/api/export", "{\"report_id\": \"" + demo + "\"}");
		assertThat(quoted.status()).isEqualTo(400);
		assertThat(quoted.json().get("errors").get(0).get("field").stringValue()).isEqualTo("report_id");
		assertThat(quoted.json().get("errors").get(0).get("message").stringValue()).contains("whole number");

		Http.Response mixed = new Http(this.port).post("/api/exports", "{\"report_id\": " + demo
				+ ", \"download\": \"no\", \"scale\": \"2\", \"pages\": [1], \"format\": [\"png\"]}");
		assertThat(mixed.status()).isEqualTo(400);
		assertThat(mixed.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("download",
				"scale", "pages", "format");
	}

	@Test
	void aKeyForSomeReportsCannotReadOtherReportsJobs() {
		long demo = demoReportId();
		long other = this.catalog.create(aReport().titled("Another report").build(), "test").id().value();
		Http.Response queued = new Http(this.port).post("/api/exports", "{\"report_id\": " + demo + "}");
		assertThat(queued.status()).isEqualTo(202);
		String job = queued.json().get("job_id").stringValue();
		Http otherKey = new Http(this.port).with("X-API-Key",
				this.keys.create("other report only", Set.of(other), Set.of(), false, "test").secret());
		Http demoKey = new Http(this.port).with("X-API-Key",
				this.keys.create("demo only", Set.of(demo), Set.of(), false, "test").secret());

		Http.Response hidden = otherKey.get("/api/exports/" + job);
		Http.Response missing = otherKey.get("/api/exports/00000000-0000-0000-0000-000000000000");
		assertThat(hidden.status()).isEqualTo(404);
		assertThat(hidden.json().get("detail").stringValue())
			.isEqualTo(missing.json().get("detail").stringValue().replace("00000000-0000-0000-0000-000000000000", job));
		assertThat(otherKey.get("/api/exports/" + job + "/file").status()).isEqualTo(404);
		assertThat(demoKey.get("/api/exports/" + job).status()).isEqualTo(200);
	}

	@Test
	@ReadsTheLog
	void aClientThatGoesAwayIsNotAnError(CapturedOutput output) throws Exception {
		int from = output.getAll().length();
		// Render pages closed while the demo's data is still on its way.
		for (int i = 0; i < 3; i++) {
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				socket.getOutputStream()
					.write("GET /demo/data?delay_ms=200 HTTP/1.1\r\nHost: localhost\r\n\r\n"
						.getBytes(StandardCharsets.US_ASCII));
				socket.setSoLinger(true, 0);
			}
		}
		// Downloads of some 5 MB, more than the socket buffers hold, left after 1 KB.
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < 300_000; i++) {
			values.add("customer-" + i);
		}
		long big = this.catalog
			.create(aReport().titled("Big filter")
				.withFilter(
						new Filter("Customer", "Sales", "customer", FilterType.TEXT, true, false, values, List.of()))
				.build(), "test")
			.id()
			.value();
		leaveEarly("GET /api/filters/" + big + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
		leaveEarly("GET /api/admin/reports/" + big + "/filters/export?format=csv HTTP/1.1\r\nHost: localhost\r\n"
				+ "Authorization: Basic "
				+ Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))
				+ "\r\n\r\n");

		// The server finishes those answers within a few seconds; none of it is an error.
		Awaitility.await()
			.during(Duration.ofSeconds(4))
			.atMost(Duration.ofSeconds(6))
			.until(() -> output.getAll()
				.substring(from)
				.lines()
				.noneMatch((line) -> line.contains(" ERROR ") || line.startsWith("\tat ")));
	}

	@Test
	void anUploadTooLargeIsAProblemNamingTheLimitForAnyone() {
		long demo = demoReportId();
		String basic = "Authorization: Basic "
				+ Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))
				+ "\r\n";
		for (String path : List.of("/api/admin/reports/" + demo + "/filters/import",
				"/admin/reports/" + demo + "/filters/import", "/login")) {
			for (String credentials : List.of("", basic)) {
				String which = path + ((credentials.isEmpty()) ? " anonymously" : " as admin");
				long started = System.nanoTime();
				// 60 MB announced (uploads take 21 MB); only the first 16 KB are sent.
				RawHttp.Response refused = RawHttp.send(this.port,
						"POST " + path
								+ " HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=x\r\n"
								+ "Content-Length: 62914560\r\n" + credentials + "\r\n",
						("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"filters.csv\"\r\n"
								+ "Content-Type: text/csv\r\n\r\n" + "a".repeat(16_000))
							.getBytes(StandardCharsets.US_ASCII));

				assertThat(refused.status()).as(which).isEqualTo(413);
				assertThat(refused.contentType()).as(which).isEqualTo("application/problem+json");
				assertThat(refused.json().get("type").stringValue()).isEqualTo("/problems/body-too-large");
				assertThat(refused.json().get("detail").stringValue()).as(which).contains("20 MB", "21 MB");
				assertThat(refused.body()).doesNotContain("timestamp", "Exception", "Maximum upload size");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).as(which).isLessThan(Duration.ofSeconds(5));
			}
		}
		RawHttp.Response form = RawHttp.send(this.port,
				"POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + FORM
						+ "\r\nContent-Length: 62914560\r\n\r\n",
				("username=admin&password=" + "a".repeat(16_000)).getBytes(StandardCharsets.US_ASCII));
		assertThat(form.status()).isEqualTo(413);
		assertThat(form.json().get("detail").stringValue()).isEqualTo("The request body is too large.");
		RawHttp.Response adminForm = RawHttp.send(this.port,
				"POST /admin/users HTTP/1.1\r\nHost: localhost\r\n" + "Content-Type: " + FORM
						+ "\r\nContent-Length: 62914560\r\n" + basic + "\r\n",
				("username=huge&role=VIEWER&password=" + "a".repeat(16_000)).getBytes(StandardCharsets.US_ASCII));
		assertThat(adminForm.status()).isEqualTo(413);
		assertThat(adminForm.contentType()).isEqualTo("application/problem+json");
		assertThat(userExists("huge")).isFalse();
	}

	@Test
	@ReadsTheLog
	void anonymousCallersAreNotShownTheServersAddressesOrItsAllowlist(CapturedOutput output) {
		long unreachable = this.catalog
			.create(aReport().titled("Inside the network")
				.at("http://169.254.169.254/reports/powerbi/latest?rs:Embed=true", "report_server")
				.withPage("Overview")
				.build(), "test")
			.id()
			.value();
		String key = this.keys.create("full detail", Set.of(), Set.of(), false, "test").secret();

		Http.Response anonymous = new Http(this.port).get("/api/export?report_id=" + unreachable);
		Http.Response withKey = new Http(this.port).with("X-API-Key", key).get("/api/export?report_id=" + unreachable);
		Http.Response asAdmin = admin().get("/api/export?report_id=" + unreachable);

		assertThat(anonymous.status()).isEqualTo(409);
		assertThat(anonymous.json().get("type").stringValue()).isEqualTo("/problems/report-address-not-allowed");
		String incident = anonymous.json().get("incident").stringValue();
		assertThat(anonymous.json().get("detail").stringValue()).contains("Incident " + incident);
		assertThat(anonymous.body()).doesNotContain("169.254", "allowed-hosts", "powerbi.com");
		assertThat(output.getAll()).containsPattern("incident " + incident + "\\)[^\\n]*169\\.254\\.169\\.254");
		for (Http.Response known : List.of(withKey, asAdmin)) {
			assertThat(known.status()).isEqualTo(409);
			assertThat(known.json().get("detail").stringValue()).contains("169.254.169.254", "allowed-hosts");
			assertThat(known.json().has("incident")).isFalse();
		}

		Chromium.require();
		long slow = this.catalog
			.create(demoAt("/demo/report?delay_ms=5000", new RenderSettings(null, null, 1500, null, null, null, false)),
					"test")
			.id()
			.value();
		Http.Response timedOut = new Http(this.port).get("/api/export?report_id=" + slow);
		assertThat(timedOut.status()).isEqualTo(504);
		assertThat(timedOut.json().get("detail").stringValue()).contains("time budget", "Incident");
		assertThat(timedOut.body()).doesNotContain("/demo/", "localhost", "127.0.0.1", ":" + this.port);

		long broken = this.catalog
			.create(demoAt("/demo/report?filter=Calendar%2FYear%20eq%20%27oops", RenderSettings.DEFAULTS), "test")
			.id()
			.value();
		Http.Response failed = new Http(this.port).get("/api/export?report_id=" + broken);
		assertThat(failed.status()).isEqualTo(502);
		String failure = failed.json().get("incident").stringValue();
		assertThat(failed.json().get("detail").stringValue()).isEqualTo(
				"The report could not be rendered. Incident " + failure + " is in the server's log with the details.");
		assertThat(output.getAll()).containsPattern("incident " + failure + "\\)[^\\n]*Couldn.t apply the filter");
		assertThat(admin().get("/api/export?report_id=" + broken).json().get("detail").stringValue())
			.contains("Couldn't apply the filter");
	}

	/**
	 * The demo report's pages and filters at another address, without default filter
	 * values (which would replace a filter in the address).
	 */
	ReportDraft demoAt(String address, RenderSettings settings) {
		ReportDraft demo = this.catalog.find(new ReportId(demoReportId())).orElseThrow().draft();
		return new ReportDraft("Demo at " + address, demo.description(), address, "demo", "url", settings, true,
				demo.pages(),
				demo.filters()
					.stream()
					.map((f) -> new Filter(f.label(), f.table(), f.column(), f.type(), f.multiple(), false,
							f.allowedValues(), List.of()))
					.toList());
	}

	private void leaveEarly(String request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(4096);
			socket.connect(new InetSocketAddress("127.0.0.1", this.port));
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			assertThat(socket.getInputStream().readNBytes(1000)).hasSize(1000);
			socket.setSoLinger(true, 0);
		}
	}

	/** The password of every user these tests create. */
	static final String PASSWORD = "a-long-test-password";

	Http admin() {
		return new Http(this.port).as("admin", ADMIN_PASSWORD);
	}

	void createUser(String name, String role) {
		Http.Response created = admin().send("POST", "/admin/users", FORM,
				"username=" + name + "&password=" + PASSWORD + "&role=" + role);
		assertThat(created.status()).as(created.body()).isEqualTo(302);
		assertThat(userExists(name)).isTrue();
	}

	boolean userExists(String name) {
		return this.jdbc.sql("SELECT COUNT(*) FROM users WHERE username = ?")
			.param(name)
			.query(Long.class)
			.single() > 0;
	}

	/** Signs in on the sign-in page as a browser does. @return the session cookie */
	String signIn(String name) {
		return signIn(name, PASSWORD);
	}

	String signIn(String name, String password) {
		Http.Response page = new Http(this.port).get("/login");
		Http.Response signedIn = new Http(this.port).with("Cookie", cookieOf(page, "PBI-EXPORT-CSRF"))
			.send("POST", "/login", FORM, "username=" + name + "&password=" + password + "&_csrf=" + csrfOf(page));
		assertThat(signedIn.header("Location")).as("sign-in of " + name)
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/admin"));
		return cookieOf(signedIn);
	}

	Http session(String cookie) {
		return new Http(this.port).with("Cookie", cookie);
	}

	static String cookieOf(Http.Response response) {
		return cookieOf(response, "JSESSIONID");
	}

	static String cookieOf(Http.Response response, String name) {
		return response.raw()
			.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith(name + "="))
			.map((cookie) -> cookie.split(";")[0])
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session cookie in " + response.raw().headers()));
	}

	static String csrfOf(Http.Response page) {
		Matcher token = CSRF.matcher(page.body());
		assertThat(token.find()).as("a CSRF token in " + page.body()).isTrue();
		return token.group(1);
	}

}
