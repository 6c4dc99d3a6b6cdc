package org.pbiexport.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pbiexport.powerbi.FilterCondition;
import org.pbiexport.powerbi.LiteralKind;
import org.pbiexport.powerbi.SdkEmbeds;
import org.pbiexport.testsupport.FakeReportEmbed;
import org.pbiexport.testsupport.FakeReportEmbed.FakePage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Render mode {@code embedded} in real Chromium: the unmodified Power BI SDK on the app's
 * host page embeds a fake Power BI report ({@link FakeReportEmbed}); captures show the
 * chosen page and filters, wait for late drawing, load a multi-page report once, and SDK
 * errors, sign-in pages and reports that never render end as failures within budget.
 * Also: HTTP sign-in credentials reach their origin only, and a refused sign-in fails in
 * words.
 */
class SdkRenderTest extends SdkStandInTest {

	static final String TOKEN = "fake-embed-token";

	static final String SIGNED_IN = "Basic "
			+ Base64.getEncoder().encodeToString("CONTOSO\\svc-export:s3cret-pw".getBytes(StandardCharsets.UTF_8));

	static final FakePage OVERVIEW = FakeReportEmbed.PAGES.get(0);

	static final FakePage REGIONS = FakeReportEmbed.PAGES.get(1);

	static final FakePage DETAILS = FakeReportEmbed.PAGES.get(2);

	@Test
	void aFilteredPngShowsThePageAndTheFilterValues() throws Exception {
		this.fake.colour(2023, "#804000").colour("North", "#ff8000").colour("South", "#0080ff");
		List<FilterCondition> filters = List.of(
				FilterCondition.of("Sales", "Year", LiteralKind.INTEGER, List.of(2023L)),
				FilterCondition.of("Store", "Region", LiteralKind.TEXT, List.of("North", "South")));

		RenderResult result = render(job(RenderJob.Output.PNG, REGIONS.name(), filters, List.of(), 20));

		BufferedImage image = ImageIO.read(new ByteArrayInputStream(result.bytes()));
		Files.createDirectories(Path.of("target"));
		Files.write(Path.of("target/sdk-regions.png"), result.bytes());
		assertThat(image.getWidth()).isEqualTo(1280);
		assertThat(image.getHeight()).isEqualTo(720);
		assertThat(result.readinessRule()).isEqualTo("signal");
		assertColour(image, FakeReportEmbed.PAGE_BLOCK_X + 100, FakeReportEmbed.PAGE_BLOCK_Y + 100, REGIONS.colour());
		assertColour(image, valueSquareX(0), FakeReportEmbed.VALUE_SQUARE_Y + 30, "#804000");
		assertColour(image, valueSquareX(1), FakeReportEmbed.VALUE_SQUARE_Y + 30, "#ff8000");
		assertColour(image, valueSquareX(2), FakeReportEmbed.VALUE_SQUARE_Y + 30, "#0080ff");
		// Nothing beyond the three values, and the frame has no border or page chrome.
		assertColour(image, valueSquareX(3), FakeReportEmbed.VALUE_SQUARE_Y + 30, "#ffffff");
		assertColour(image, 0, 0, "#ffffff");
		assertThat(this.fake.loads()).isEqualTo(1);
		assertThat(this.fake.requestedUrls()).isNotEmpty().noneMatch((url) -> url.contains(TOKEN));
	}

	@Test
	void aThreePagePdfLoadsTheReportOnceAndKeepsThePagesInOrder() throws Exception {
		this.fake.slow(150).rendersTwice();
		List<RenderJob.SdkPage> pages = List.of(new RenderJob.SdkPage(OVERVIEW.name(), 1280, 720),
				new RenderJob.SdkPage(REGIONS.name(), 1280, 720), new RenderJob.SdkPage(DETAILS.name(), 1024, 768));
		List<FilterCondition> filters = List
			.of(FilterCondition.of("Sales", "Year", LiteralKind.INTEGER, List.of(2024L)));

		RenderResult result = render(job(RenderJob.Output.PDF, OVERVIEW.name(), filters, pages, 30));

		assertThat(result.pages()).hasSize(3);
		assertThat(result.bytes()).isEqualTo(result.pages().get(0));
		byte[] pdf = PdfAssembly.assemble(result.pages(), List.of("Overview", "Regions", "Details"), "SDK test");
		Files.write(Path.of("target/sdk-three-pages.pdf"), pdf);
		try (PDDocument document = Loader.loadPDF(pdf)) {
			assertThat(document.getNumberOfPages()).isEqualTo(3);
			assertThat(pageText(document, 1)).contains("Page Overview", "Filter Sales/Year: 2024")
				.doesNotContain("Page Regions");
			assertThat(pageText(document, 2)).contains("Page Regions", "Filter Sales/Year: 2024");
			assertThat(pageText(document, 3)).contains("Page Details", "Filter Sales/Year: 2024");
			// The report frame's colours are printed too, not only its text.
			PDFRenderer renderer = new PDFRenderer(document);
			for (int i = 0; i < 3; i++) {
				BufferedImage printed = renderer.renderImageWithDPI(i, 96);
				assertColour(printed, FakeReportEmbed.PAGE_BLOCK_X + 100, FakeReportEmbed.PAGE_BLOCK_Y + 100,
						List.of(OVERVIEW, REGIONS, DETAILS).get(i).colour());
			}
			// 1024 × 768 CSS pixels are 768 × 576 points.
			PDRectangle third = document.getPage(2).getMediaBox();
			assertThat(third.getWidth()).isCloseTo(768f, org.assertj.core.data.Offset.offset(1f));
			assertThat(third.getHeight()).isCloseTo(576f, org.assertj.core.data.Offset.offset(1f));
		}
		assertThat(this.fake.loads()).isEqualTo(1);
	}

	@Test
	void anSdkErrorFailsTheRenderWithPowerBisMessage() {
		this.fake.fails("Couldn't load the data for this visual", 6, "7c1f0c2e-request");

		Throwable failure = failure(job(RenderJob.Output.PNG, OVERVIEW.name(), List.of(), List.of(), 20));

		assertThat(failure).isInstanceOf(RenderFailed.class)
			.hasMessageStartingWith("Power BI reported an error: Couldn't load the data for this visual")
			.hasMessageContaining("level Fatal")
			.hasMessageContaining("request id 7c1f0c2e-request")
			.hasMessageNotContaining(TOKEN);
	}

	@Test
	void aReportThatNeverRendersTimesOutWithinItsBudgetAndLeavesNothingOpen() {
		this.fake.neverRenders();
		long started = System.nanoTime();

		Throwable failure = failure(job(RenderJob.Output.PNG, OVERVIEW.name(), List.of(), List.of(), 3));
		long tookMillis = (System.nanoTime() - started) / 1_000_000;

		assertThat(failure).isInstanceOf(RenderTimedOut.class).hasMessageContaining("time budget");
		assertThat(tookMillis).isBetween(2_500L, 4_500L);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.openContexts() == 0);
		assertThat(this.fake.loads()).isEqualTo(1);
	}

	@Test
	void drawingAfterRenderedIsWaitedFor() throws Exception {
		// Settle 400 ms; the report frame draws a placeholder 300 ms after "rendered" and
		// the visual at 600 ms: only watching the report's frame catches it.
		this.fake.drawsLate(600);

		RenderResult result = render(job(RenderJob.Output.PNG, OVERVIEW.name(), List.of(), List.of(), 20));

		BufferedImage image = ImageIO.read(new ByteArrayInputStream(result.bytes()));
		Files.write(Path.of("target/sdk-late.png"), result.bytes());
		assertThat(result.readinessRule()).isEqualTo("signal");
		assertColour(image, FakeReportEmbed.LATE_BLOCK_X + 100, FakeReportEmbed.LATE_BLOCK_Y + 50,
				FakeReportEmbed.LATE_BLOCK_COLOUR);
	}

	@Test
	void aFrameThatNeverGoesQuietIsCapturedAtTheCap() throws Exception {
		this.fake.neverQuiet();
		long started = System.nanoTime();

		RenderResult result = render(job(RenderJob.Output.PNG, OVERVIEW.name(), List.of(), List.of(), 20));
		long tookMillis = (System.nanoTime() - started) / 1_000_000;

		assertThat(result.readinessRule()).isEqualTo("signal+cap");
		assertThat(tookMillis).isBetween(3_000L, 10_000L);
		assertColour(ImageIO.read(new ByteArrayInputStream(result.bytes())), FakeReportEmbed.PAGE_BLOCK_X + 100,
				FakeReportEmbed.PAGE_BLOCK_Y + 100, OVERVIEW.colour());
	}

	@Test
	void aSignInPageInTheReportFrameIsRefusedWithAdvice() {
		this.fake.redirectsToSignIn();

		Throwable failure = failure(job(RenderJob.Output.PNG, OVERVIEW.name(), List.of(), List.of(), 20));

		assertThat(failure).isInstanceOf(RenderFailed.class)
			.hasMessageContaining("sign-in (login.microsoftonline.com)")
			.hasMessageContaining("render mode `embedded` with a service principal");
		assertThat(this.fake.requestedUrls()).anyMatch((url) -> url.startsWith("https://login.microsoftonline.com/"));
	}

	@Test
	void httpCredentialsAreAnsweredToTheirOriginOnly() throws Exception {
		List<String> reportAuthorizations = new CopyOnWriteArrayList<>();
		List<String> otherAuthorizations = new CopyOnWriteArrayList<>();
		HttpServer other = server((exchange) -> {
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			otherAuthorizations.add(String.valueOf(authorization));
			challengeOr(exchange, authorization != null, false, "image/svg+xml",
					"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>");
		});
		HttpServer reportServer = reportServer(reportAuthorizations, other.getAddress().getPort(), true);
		try {
			RenderResult result = render(reportServerJob(reportServer, "s3cret-pw"));

			assertThat(reportAuthorizations).contains(SIGNED_IN);
			assertThat(otherAuthorizations).hasSizeGreaterThanOrEqualTo(3).containsOnly("null");
			assertColour(ImageIO.read(new ByteArrayInputStream(result.bytes())), 150, 150, "#2060c0");
		}
		finally {
			reportServer.stop(0);
			other.stop(0);
		}
	}

	@ParameterizedTest(name = "401 with a body: {0}")
	@ValueSource(booleans = { true, false })
	void aRefusedSignInFailsInWords(boolean bodyOn401) throws Exception {
		HttpServer reportServer = reportServer(new CopyOnWriteArrayList<>(), 9, bodyOn401);
		try {
			Throwable failure = failure(reportServerJob(reportServer, "wrong-pw"));

			assertThat(failure).isInstanceOf(RenderFailed.class)
				.hasMessageContaining("refused the sign-in (HTTP 401)")
				.hasMessageNotContaining("wrong-pw");
		}
		finally {
			reportServer.stop(0);
		}
	}

	/**
	 * A Report Server stand-in on 127.0.0.1 that wants Basic credentials and serves a
	 * page with a blue block, an image and frames from another server, {@code other}. Its
	 * 401 has a body, as IIS sends one, or none.
	 * <p>
	 * Chromium itself never offers credentials to another site's image or frame
	 * ({@code localhost}), but does to a frame of the same host on another port: only the
	 * origin binding keeps them from {@code http://127.0.0.1:<other>}.
	 */
	private static HttpServer reportServer(List<String> authorizations, int other, boolean bodyOn401)
			throws IOException {
		return server((exchange) -> {
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			authorizations.add(String.valueOf(authorization));
			challengeOr(exchange, SIGNED_IN.equals(authorization), bodyOn401, "text/html",
					"<!DOCTYPE html><html><body style='margin:0'><div style='width:300px;height:300px;"
							+ "background:#2060c0'>Report Server</div><img src='http://localhost:" + other
							+ "/logo.svg'><iframe src='http://localhost:" + other + "/map.svg'></iframe>"
							+ "<iframe src='http://127.0.0.1:" + other + "/chart.svg'></iframe></body></html>");
		});
	}

	private static RenderJob reportServerJob(HttpServer reportServer, String password) {
		String origin = "http://127.0.0.1:" + reportServer.getAddress().getPort();
		return new RenderJob(origin + "/reports/powerbi/Sales?rs:Embed=true", 800, 600, 1, RenderJob.Output.PNG,
				new Readiness(null, null, Duration.ofMillis(300)), Instant.now().plusSeconds(20), null,
				new RenderJob.HttpLogin("CONTOSO\\svc-export", password, origin));
	}

	private RenderJob job(RenderJob.Output output, String pageName, List<FilterCondition> filters,
			List<RenderJob.SdkPage> pages, int budgetSeconds) {
		Map<String, Object> config = SdkEmbeds.config("5b8f7c1e-report",
				FakeReportEmbed.embedUrl("5b8f7c1e-report", "0d6e2a4b-group"), TOKEN, pageName, filters, true);
		return new RenderJob("http://127.0.0.1:" + this.port + "/powerbi/host.html", 1280, 720, 1, output,
				new Readiness(null, null, Duration.ofMillis(400)), Instant.now().plusSeconds(budgetSeconds),
				new RenderJob.SdkEmbed(config, pages), null);
	}

	private Throwable failure(RenderJob job) {
		Throwable thrown = catchThrowable(() -> render(job));
		assertThat(thrown).isInstanceOf(ExecutionException.class);
		return thrown.getCause();
	}

	private static int valueSquareX(int index) {
		return FakeReportEmbed.VALUE_SQUARE_X + FakeReportEmbed.VALUE_SQUARE_STEP * index + 30;
	}

	private static void assertColour(BufferedImage image, int x, int y, String css) {
		int expected = Integer.parseInt(css.substring(1), 16);
		int actual = image.getRGB(x, y) & 0xffffff;
		for (int shift : new int[] { 16, 8, 0 }) {
			assertThat(Math.abs(((actual >> shift) & 0xff) - ((expected >> shift) & 0xff)))
				.as("colour at (%d, %d): #%06x, expected %s", x, y, actual, css)
				.isLessThanOrEqualTo(3);
		}
	}

	private static String pageText(PDDocument document, int page) throws IOException {
		PDFTextStripper stripper = new PDFTextStripper();
		stripper.setStartPage(page);
		stripper.setEndPage(page);
		return stripper.getText(document);
	}

	private static HttpServer server(Handler handler) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			try (exchange) {
				handler.handle(exchange);
			}
		});
		server.start();
		return server;
	}

	/**
	 * Answers 401 with a Basic challenge (and a small page when {@code bodyOn401}) until
	 * {@code signedIn}, then the content.
	 */
	private static void challengeOr(HttpExchange exchange, boolean signedIn, boolean bodyOn401, String contentType,
			String body) throws IOException {
		exchange.getRequestBody().readAllBytes();
		if (signedIn) {
			respond(exchange, 200, contentType, body);
			return;
		}
		exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"Reports\"");
		if (bodyOn401) {
			respond(exchange, 401, "text/html", "<!DOCTYPE html><html><body><h1>401 - Unauthorized</h1></body></html>");
		}
		else {
			exchange.sendResponseHeaders(401, -1);
		}
	}

	private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", contentType);
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
