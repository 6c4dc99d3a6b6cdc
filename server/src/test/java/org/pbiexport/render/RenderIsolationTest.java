package org.pbiexport.render;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.ReadsTheLog;
import org.pbiexport.testsupport.TestDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Render isolation through the export API in real Chromium: report pages on an allowed
 * host (a local server on 127.0.0.1) try every way to reach an internal server that is
 * not on the allowlist ({@code localhost:<port>}) and the app's own actuator. The
 * internal server receives nothing; a page whose sub-resources were refused still
 * exports, with the refusals counted; a page that itself tried to go elsewhere answers
 * 502 naming the host, and is never captured.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.admin.password=test-admin-pw", "pbi-export.demo.seed=false",
				"pbi-export.render.concurrency=1", "pbi-export.export.settle=300ms" })
@ExtendWith(OutputCaptureExtension.class)
class RenderIsolationTest {

	/** Every request the internal server got: none may come. */
	static final List<String> reached = new CopyOnWriteArrayList<>();

	static final HttpServer internal = server((exchange) -> {
		reached.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
		respond(exchange, 200, "text/html", "<!DOCTYPE html><html><body style='margin:0;background:#ff0000'>"
				+ "<h1>internal secret</h1></body></html>");
	});

	static final HttpServer attacks = server(RenderIsolationTest::attack);

	static volatile int appPort;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase.SQLITE.register(registry);
		// The attack server's port only: the internal server on another port is not
		// allowed.
		registry.add("pbi-export.render.allowed-hosts",
				() -> "app.powerbi.com,*.powerbi.com,127.0.0.1:" + attacks.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		internal.stop(0);
		attacks.stop(0);
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	Http admin;

	@BeforeEach
	void setUp() {
		Chromium.require();
		appPort = this.port;
		this.admin = new Http(this.port).as("admin", "test-admin-pw");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "redirect", "redirect-twice", "meta-refresh", "location", "form-post" })
	void aPageThatGoesToAnInternalHostIs502NamingItAndNothingIsReached(String attack) {
		double before = refused("navigation");

		Http.Response response = this.admin.get("/api/export?report_id=" + report(attack));

		assertThat(response.status()).as(response.body()).isEqualTo(502);
		assertThat(response.json().get("detail").stringValue()).contains("localhost:" + internal.getAddress().getPort())
			.contains("nothing was captured");
		assertThat(response.body()).doesNotContain("internal secret", "Exception");
		assertThat(reached).isEmpty();
		assertThat(refused("navigation")).isGreaterThan(before);
	}

	@Test
	void aPageThatGoesToTheAppsOwnActuatorIs502() {
		Http.Response response = this.admin.get("/api/export?report_id=" + report("actuator-page"));

		assertThat(response.status()).as(response.body()).isEqualTo(502);
		assertThat(response.json().get("detail").stringValue()).contains("127.0.0.1:" + this.port)
			.contains("/actuator/prometheus");
		assertThat(prometheusScrapes()).isZero();
	}

	@Test
	@ReadsTheLog
	void refusedSubResourcesAreCountedAndThePageStillExports(CapturedOutput output) {
		int logged = summaries(output);
		double subresources = refused("subresource");
		double sockets = refused("websocket");
		double popups = refused("popup");

		Http.Response response = this.admin.get("/api/export?report_id=" + report("subresources"));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.contentType()).isEqualTo("image/png");
		assertThat(reached).isEmpty();
		assertThat(prometheusScrapes()).isZero();
		// fetch GET and POST, img, iframe, a form posted into a frame, the popup's page
		// and two fetches of the app's own actuator (0.0.0.0, which reaches this
		// machine, Chromium refuses itself: it must not reach the internal server)
		assertThat(refused("subresource") - subresources).isGreaterThanOrEqualTo(8);
		assertThat(refused("websocket") - sockets).isGreaterThanOrEqualTo(1);
		assertThat(refused("popup") - popups).isGreaterThanOrEqualTo(1);
		// one summary line for the render, not one per request
		assertThat(summaries(output) - logged).isEqualTo(1);
	}

	private static int summaries(CapturedOutput output) {
		return output.getAll().split("had requests refused by the isolation rules", -1).length - 1;
	}

	@Test
	void theAddressRulesKnowWhatIsInternal() throws Exception {
		for (String address : List.of("127.0.0.1", "127.9.9.9", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
				"192.168.1.1", "169.254.169.254", "fc00::1", "fd00:ec2::254", "0.0.0.0", "100.64.0.1")) {
			assertThat(RenderIsolation.isInternal(InetAddress.getByName(address))).as(address).isTrue();
		}
		for (String address : List.of("8.8.8.8", "172.32.0.1", "20.190.128.1", "2603:1000::1")) {
			assertThat(RenderIsolation.isInternal(InetAddress.getByName(address))).as(address).isFalse();
		}
	}

	private double refused(String kind) {
		Counter counter = this.meters.find("pbi_export_render_refused_requests").tag("kind", kind).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private long prometheusScrapes() {
		return this.meters.find("http.server.requests")
			.tag("uri", "/actuator/prometheus")
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	/** Registers the attack page as a Report Server report (allowed host, url mode). */
	private long report(String attack) {
		String address = "http://127.0.0.1:" + attacks.getAddress().getPort() + "/reports/powerbi/" + attack;
		Http.Response created = this.admin.post("/api/admin/reports", """
				{"title": "Attack %s %d", "embed_url": "%s",
				 "pages": [{"name": "ReportSection1", "display_name": "Overview"}]}""".formatted(attack,
				System.nanoTime(), address));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("report_id").longValue();
	}

	private static void attack(HttpExchange exchange) throws IOException {
		String name = exchange.getRequestURI().getPath().replaceFirst("^/reports/powerbi/", "");
		String target = "http://localhost:" + internal.getAddress().getPort();
		String self = "http://127.0.0.1:" + attacks.getAddress().getPort() + "/reports/powerbi/";
		String block = "<div style='width:300px;height:300px;background:#2060c0'>Report</div>";
		switch (name) {
			case "redirect" -> redirect(exchange, target + "/redirected");
			case "redirect-twice" -> redirect(exchange, self + "redirect");
			case "meta-refresh" -> page(exchange, "<meta http-equiv='refresh' content='0;url=" + target + "/meta'>");
			case "location" -> page(exchange, block + "<script>location = '" + target + "/location';</script>");
			case "form-post" -> page(exchange, block + "<form method='post' action='" + target
					+ "/form'><input name='a' value='b'></form><script>document.forms[0].submit();</script>");
			case "actuator-page" -> page(exchange,
					block + "<script>location = 'http://127.0.0.1:" + appPort + "/actuator/prometheus';</script>");
			case "subresources" -> page(exchange,
					block + "<img src='" + target + "/img.png'>" + "<iframe src='" + target + "/frame'></iframe>"
							+ "<iframe name='sink'></iframe>" + "<form method='post' action='" + target
							+ "/form' target='sink'><input name='a' value='b'></form>" + "<script>" + "fetch('" + target
							+ "/fetch').catch(() => {});" + "fetch('" + target
							+ "/post', {method: 'POST', body: 'x'}).catch(() => {});" + "fetch('http://127.0.0.1:"
							+ appPort + "/actuator/prometheus').catch(() => {});" + "fetch('http://localhost:" + appPort
							+ "/actuator/prometheus').catch(() => {});" + "try { new WebSocket('ws://localhost:"
							+ internal.getAddress().getPort() + "/socket'); } catch (e) {}" + "window.open('" + target
							+ "/popup');" + "document.forms[0].submit();" + "</script>");
			default -> respond(exchange, 404, "text/plain", "no such page");
		}
	}

	private static void redirect(HttpExchange exchange, String location) throws IOException {
		exchange.getResponseHeaders().add("Location", location);
		exchange.sendResponseHeaders(302, -1);
	}

	private static void page(HttpExchange exchange, String body) throws IOException {
		respond(exchange, 200, "text/html",
				"<!DOCTYPE html><html><head></head><body style='margin:0'>" + body + "</body></html>");
	}

	private static HttpServer server(Handler handler) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/", (exchange) -> {
				try (exchange) {
					exchange.getRequestBody().readAllBytes();
					handler.handle(exchange);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", contentType + "; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@FunctionalInterface
	private interface Handler {

		void handle(HttpExchange exchange) throws IOException;

	}

}
