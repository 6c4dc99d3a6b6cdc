package org.pbiexport.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.pbiexport.powerbi.FilterCondition;
import org.pbiexport.powerbi.LiteralKind;
import org.pbiexport.powerbi.SdkEmbeds;
import org.pbiexport.queue.JobQueues;
import org.pbiexport.testsupport.FakeReportEmbed;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warm report sessions in real Chromium against the fake Power BI report: a warm capture
 * is pixel for pixel the fresh load of the same request, whatever came before it in the
 * session; a session that cannot show what was asked (slicers not as loaded included) or
 * fails falls back to a fresh load; identities and report versions never share a session;
 * a new embed token is given to the loaded report in place.
 */
class WarmSessionsTest extends SdkStandInTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	RenderProperties renderProperties;

	/**
	 * The values a random request picks from: three, so that the distinct requests (each
	 * loaded afresh once, to compare with) stay few while their squares take every place.
	 */
	static final List<String> VALUES = List.of("North", "South", "East");

	/** A value whose filter the stand-in leaves out of {@code getFilters()}. */
	static final String MISREPORTED = "Nowhere";

	/**
	 * How many random sequences: the 300 of issue 19. At the property test's small page a
	 * warm capture takes about a fifth of a second on a quiet machine; each distinct page
	 * and values is loaded afresh once, to compare with.
	 */
	static final int SEQUENCES = Integer.getInteger("warm.sequences", 300);

	/** The size the property test captures at: all the fake report draws, and no more. */
	static final int WIDTH = 720;

	static final int HEIGHT = 340;

	@Test
	void warmCapturesAreThePixelsOfFreshLoadsOverRandomSequences() throws Exception {
		this.fake.colour("North", "#ff8000")
			.colour("South", "#0080ff")
			.colour("East", "#00aa00")
			.colour("West", "#aa00aa")
			.colour(MISREPORTED, "#444444")
			.misreports(MISREPORTED);
		long seed = Long.getLong("warm.seed", System.nanoTime());
		Random random = new Random(seed);
		String report = "warm-" + UUID.randomUUID();
		// the fresh load of one page with the same values, by page and values
		Map<Request, byte[]> fresh = new HashMap<>();
		long hits = warmRenders("hit");
		long mismatches = warmRenders("mismatch");
		int captures = 0;
		long started = System.nanoTime();
		long warmNanos = 0;
		long freshNanos = 0;
		for (int sequence = 0; sequence < SEQUENCES; sequence++) {
			// The second sequence always ends on a value the stand-in misreports, behind
			// a warm session the first left: the fall-back is exercised whatever the
			// seed.
			for (Request request : sequence(random, sequence == 1)) {
				long before = System.nanoTime();
				List<byte[]> warm = render(request.job(this.port, report, true, WIDTH, HEIGHT)).pages();
				warmNanos += System.nanoTime() - before;
				assertThat(warm).hasSize(request.pages().size());
				for (int i = 0; i < warm.size(); i++) {
					Request one = new Request(List.of(request.pages().get(i)), request.values());
					byte[] reference = fresh.get(one);
					if (reference == null) {
						long freshStarted = System.nanoTime();
						reference = render(one.job(this.port, report, false, WIDTH, HEIGHT)).bytes();
						freshNanos += System.nanoTime() - freshStarted;
						fresh.put(one, reference);
					}
					captures++;
					int differing = Arrays.equals(warm.get(i), reference) ? 0 : differingPixels(warm.get(i), reference);
					if (differing != 0) {
						Files.createDirectories(Path.of("target"));
						Files.write(Path.of("target/warm-mismatch-warm.png"), warm.get(i));
						Files.write(Path.of("target/warm-mismatch-fresh.png"), reference);
					}
					assertThat(differing)
						.as("pixels differing from a fresh load of page %d of %s (sequence %d, seed %d)", i + 1,
								request, sequence, seed)
						.isZero();
				}
			}
		}
		long tookMillis = (System.nanoTime() - started) / 1_000_000;
		System.out.printf("warm sessions: %d sequences, %d captures, %d warm hits, %d fall-backs, %d fresh references,"
				+ " %d ms, of which %d ms warm exports (fall-backs included) and %d ms fresh references (seed %d)%n",
				SEQUENCES, captures, warmRenders("hit") - hits, warmRenders("mismatch") - mismatches, fresh.size(),
				tookMillis, warmNanos / 1_000_000, freshNanos / 1_000_000, seed);
		assertThat(warmRenders("hit") - hits).isGreaterThan(SEQUENCES);
		assertThat(warmRenders("mismatch") - mismatches).isPositive();
	}

	@Test
	void twoFreshLoadsOfOneRequestAreTheSamePixels() throws Exception {
		Request request = new Request(FakeReportEmbed.PAGES.get(1).name(), List.of("South", "East"));
		String report = "fresh-" + UUID.randomUUID();

		byte[] first = render(request.job(this.port, report, false)).bytes();
		byte[] second = render(request.job(this.port, report, false)).bytes();

		assertThat(differingPixels(first, second)).isZero();
	}

	@Test
	void aMultiPageExportWhosePagesShareOneSizeIsServedWarm() throws Exception {
		String report = "pages-" + UUID.randomUUID();
		List<String> pages = FakeReportEmbed.PAGES.stream().map(FakeReportEmbed.FakePage::name).toList();
		render(new Request(pages.get(1), List.of("North")).job(this.port, report, true));
		long hits = warmRenders("hit");

		RenderResult result = render(new Request(pages, List.of("South")).job(this.port, report, true));

		assertThat(this.fake.loads()).isEqualTo(1);
		assertThat(warmRenders("hit")).isEqualTo(hits + 1);
		assertThat(result.pages()).hasSize(3);
		for (int i = 0; i < pages.size(); i++) {
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(result.pages().get(i)));
			assertThat(image.getRGB(FakeReportEmbed.PAGE_BLOCK_X + 10, FakeReportEmbed.PAGE_BLOCK_Y + 10) & 0xffffff)
				.as("page %d", i + 1)
				.isEqualTo(Integer.parseInt(FakeReportEmbed.PAGES.get(i).colour().substring(1), 16));
		}
	}

	@Test
	void pagesOfDifferentSizesAreLoadedAfresh() throws Exception {
		String report = "sizes-" + UUID.randomUUID();
		List<String> pages = FakeReportEmbed.PAGES.stream().map(FakeReportEmbed.FakePage::name).toList();
		Request both = new Request(pages.subList(0, 2), List.of("North"));
		render(both.job(this.port, report, true));
		RenderJob sized = both.job(this.port, report, true);
		RenderJob.SdkEmbed sdk = sized.sdk();
		RenderJob different = new RenderJob(sized.url(), sized.width(), sized.height(), sized.scale(), sized.output(),
				sized.readiness(), sized.deadline(), new RenderJob.SdkEmbed(sdk.config(),
						List.of(sdk.pages().get(0), new RenderJob.SdkPage(pages.get(1), 800, 600)), sdk.warm()),
				null);

		render(different);

		assertThat(this.fake.loads()).isEqualTo(2);
	}

	@Test
	void aRenderThreadBorrowsTheSessionAnotherThreadHolds() throws Exception {
		RenderProperties one = this.renderProperties;
		// Two render threads taking turns at one queue: each export is likely taken by
		// the thread that did not hold the session.
		RenderProperties two = new RenderProperties(one.chromiumPath(), 2, one.queueCapacity(), one.rendersPerBrowser(),
				one.loadingSelectors(), one.errorSelectors(), one.signInHosts(), one.sdkSettleCap(),
				one.maxConcurrency(), one.memoryPerRender(), one.memoryReserve(), one.browsers(), one.sandbox(),
				one.stallAfter(), one.maxPages(), one.queuePerClient());
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		RenderPool threads = new RenderPool(two, WarmProperties.DEFAULTS, meters,
				this.context.getBeanProvider(ContextSetup.class), this.context.getBeanProvider(RenderAllowlist.class),
				this.context.getBean(JobQueues.class));
		try {
			String report = "threads-" + UUID.randomUUID();
			String page = FakeReportEmbed.PAGES.get(0).name();
			for (int i = 0; i < 6; i++) {
				threads.submit(new Request(page, List.of(VALUES.get(i % VALUES.size()))).job(this.port, report, true))
					.get(60, TimeUnit.SECONDS);
			}

			assertThat(this.fake.loads()).isEqualTo(1);
			assertThat(meters.counter("pbi_export_warm_renders", "outcome", "hit").count()).isEqualTo(5);
		}
		finally {
			threads.destroy();
		}
	}

	@Test
	void identitiesNeverShareASession() throws Exception {
		String report = "rls-" + UUID.randomUUID();
		Request north = new Request(FakeReportEmbed.PAGES.get(0).name(), List.of("North"));
		Request south = new Request(FakeReportEmbed.PAGES.get(0).name(), List.of("South"));
		render(north.job(this.port, report, 1, "alice", "token-of-alice"));
		long hits = warmRenders("hit");

		render(south.job(this.port, report, 1, "bob", "token-of-bob"));
		render(south.job(this.port, report, 1, "carol", "token-of-alice"));

		assertThat(warmRenders("hit")).isEqualTo(hits);
		assertThat(this.fake.loads()).isEqualTo(3);
		render(south.job(this.port, report, 1, "alice", "token-of-alice"));
		assertThat(warmRenders("hit")).isEqualTo(hits + 1);
		assertThat(this.fake.loads()).isEqualTo(3);
		// the same identity with its next token shares its session, renewed in place
		render(north.job(this.port, report, 1, "alice", "next-token-of-alice"));
		assertThat(warmRenders("hit")).isEqualTo(hits + 2);
		assertThat(this.fake.loads()).isEqualTo(3);
		assertThat(this.fake.renewedTokens()).containsExactly("next-token-of-alice");
	}

	@Test
	void aNewEmbedTokenIsGivenToTheLoadedReportInsteadOfLoadingItAgain() throws Exception {
		String report = "renewed-" + UUID.randomUUID();
		String page = FakeReportEmbed.PAGES.get(1).name();
		render(new Request(page, List.of("North")).job(this.port, report, 1, "", "first-token"));
		long hits = warmRenders("hit");

		RenderResult renewed = render(
				new Request(page, List.of("South")).job(this.port, report, 1, "", "second-token"));
		render(new Request(page, List.of("East")).job(this.port, report, 1, "", "second-token"));

		assertThat(this.fake.loads()).isEqualTo(1);
		assertThat(warmRenders("hit")).isEqualTo(hits + 2);
		assertThat(this.fake.renewedTokens()).containsExactly("second-token");
		byte[] fresh = render(new Request(page, List.of("South")).job(this.port, report, false)).bytes();
		assertThat(differingPixels(renewed.bytes(), fresh)).isZero();
	}

	@Test
	void aRefusedTokenRenewalFallsBackToAFreshLoad() throws Exception {
		this.fake.refusesToken("refused-token");
		String report = "refused-" + UUID.randomUUID();
		Request north = new Request(FakeReportEmbed.PAGES.get(0).name(), List.of("North"));
		render(north.job(this.port, report, 1, "", "first-token"));
		long errors = warmRenders("error");

		render(north.job(this.port, report, 1, "", "refused-token"));

		assertThat(warmRenders("error")).isEqualTo(errors + 1);
		assertThat(this.fake.loads()).isEqualTo(2);
		assertThat(this.fake.renewedTokens()).isEmpty();
	}

	@Test
	void aReportThatCarriedSlicerStateIsLoadedAfresh() throws Exception {
		this.fake.carriesSlicerState().colour("North", "#ff8000").colour("South", "#0080ff");
		String report = "slicers-" + UUID.randomUUID();
		String overview = FakeReportEmbed.PAGES.get(0).name();
		String regions = FakeReportEmbed.PAGES.get(1).name();
		render(new Request(overview, List.of("North")).job(this.port, report, true));
		long hits = warmRenders("hit");
		long mismatches = warmRenders("mismatch");

		// The filter change leaves a selection in the Overview slicer: not as loaded.
		Request south = new Request(overview, List.of("South"));
		byte[] warm = render(south.job(this.port, report, true)).bytes();

		assertThat(warmRenders("mismatch")).isEqualTo(mismatches + 1);
		assertThat(this.fake.loads()).isEqualTo(2);
		byte[] fresh = render(south.job(this.port, report, false)).bytes();
		assertThat(differingPixels(warm, fresh)).isZero();

		// Regions is first shown after the change, which selected in Overview's slicer
		// only: its slicer is as loaded, the session serves it; Overview's is not.
		render(new Request(regions, List.of("North")).job(this.port, report, true));
		assertThat(warmRenders("hit")).isEqualTo(hits + 1);
		render(new Request(overview, List.of("North")).job(this.port, report, true));
		assertThat(warmRenders("mismatch")).isEqualTo(mismatches + 2);
		assertThat(this.fake.loads()).isEqualTo(4);
	}

	@Test
	void aReportEditRetiresItsSessions() throws Exception {
		String report = "edited-" + UUID.randomUUID();
		Request north = new Request(FakeReportEmbed.PAGES.get(0).name(), List.of("North"));
		render(north.job(this.port, report, 1, "", "token"));
		render(north.job(this.port, report, 1, "", "token"));
		assertThat(this.fake.loads()).isEqualTo(1);
		int sessions = warmSessions();

		render(north.job(this.port, report, 2, "", "token"));
		render(north.job(this.port, report, 1, "", "token"));

		assertThat(this.fake.loads()).isEqualTo(3);
		// The version 1 session was closed when version 2 was seen; the one version 1
		// loaded since is closed as soon as the pool looks at it again.
		render(north.job(this.port, report, 2, "", "token"));
		assertThat(this.fake.loads()).isEqualTo(3);
		assertThat(warmSessions()).isLessThanOrEqualTo(sessions);
	}

	@Test
	void aSessionThatFailsIsDiscardedAndTheExportSucceedsOnAFreshLoad() throws Exception {
		this.fake.failsOnChangeTo("Boom").colour("Boom", "#123456");
		String report = "failing-" + UUID.randomUUID();
		String page = FakeReportEmbed.PAGES.get(2).name();
		render(new Request(page, List.of("North")).job(this.port, report, true));
		long errors = warmRenders("error");

		RenderResult result = render(new Request(page, List.of("Boom")).job(this.port, report, true));

		assertThat(warmRenders("error")).isEqualTo(errors + 1);
		assertThat(this.fake.loads()).isEqualTo(2);
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(result.bytes()));
		assertThat(image.getRGB(FakeReportEmbed.VALUE_SQUARE_X + 30, FakeReportEmbed.VALUE_SQUARE_Y + 30) & 0xffffff)
			.isEqualTo(0x123456);
	}

	@Test
	void aRenderThatDoesNotAllowWarmSessionsNeverUsesOne() throws Exception {
		String report = "cold-" + UUID.randomUUID();
		Request north = new Request(FakeReportEmbed.PAGES.get(0).name(), List.of("North"));
		long hits = warmRenders("hit");
		long cold = warmRenders("cold");

		for (int i = 0; i < 3; i++) {
			render(north.job(this.port, report, false));
		}

		assertThat(this.fake.loads()).isEqualTo(3);
		assertThat(warmRenders("hit")).isEqualTo(hits);
		assertThat(warmRenders("cold")).isEqualTo(cold);
	}

	/**
	 * One to four exports: one page, or now and then two or three in any order, and the
	 * values of one filter each, empty for a cleared filter, now and then a value the
	 * report misreports, often a request seen before.
	 */
	private static List<Request> sequence(Random random, boolean endMisreported) {
		List<Request> requests = new ArrayList<>();
		int length = 1 + random.nextInt(4);
		for (int i = 0; i < length; i++) {
			if (!requests.isEmpty() && random.nextInt(4) == 0) {
				// back to an earlier state
				requests.add(requests.get(random.nextInt(requests.size())));
				continue;
			}
			List<String> pages = new ArrayList<>(
					FakeReportEmbed.PAGES.stream().map(FakeReportEmbed.FakePage::name).toList());
			Collections.shuffle(pages, random);
			pages = pages.subList(0, (random.nextInt(5) == 0) ? 2 + random.nextInt(2) : 1);
			List<String> values = new ArrayList<>();
			if (random.nextInt(5) != 0) {
				for (String value : VALUES) {
					if (random.nextBoolean()) {
						values.add(value);
					}
				}
			}
			if (random.nextInt(80) == 0) {
				values.add(MISREPORTED);
			}
			requests.add(new Request(List.copyOf(pages), values));
		}
		if (endMisreported) {
			String page = FakeReportEmbed.PAGES.get(random.nextInt(FakeReportEmbed.PAGES.size())).name();
			requests.add(new Request(List.of(page), List.of("North", MISREPORTED)));
		}
		return requests;
	}

	static int differingPixels(byte[] a, byte[] b) throws IOException {
		BufferedImage one = ImageIO.read(new ByteArrayInputStream(a));
		BufferedImage two = ImageIO.read(new ByteArrayInputStream(b));
		if (one.getWidth() != two.getWidth() || one.getHeight() != two.getHeight()) {
			return Integer.MAX_VALUE;
		}
		int differing = 0;
		for (int y = 0; y < one.getHeight(); y++) {
			for (int x = 0; x < one.getWidth(); x++) {
				if (one.getRGB(x, y) != two.getRGB(x, y)) {
					differing++;
				}
			}
		}
		return differing;
	}

	/** An export of pages with the values of one filter (none: cleared). */
	record Request(List<String> pages, List<String> values) {

		Request(String page, List<String> values) {
			this(List.of(page), values);
		}

		RenderJob job(int port, String report, boolean warm) {
			return job(port, report, warm ? 1 : -1, "", "fake-embed-token", 1280, 720);
		}

		RenderJob job(int port, String report, boolean warm, int width, int height) {
			return job(port, report, warm ? 1 : -1, "", "fake-embed-token", width, height);
		}

		RenderJob job(int port, String report, long version, String identity, String token) {
			return job(port, report, version, identity, token, 1280, 720);
		}

		/** With {@code version} below 0: a render that does not allow warm sessions. */
		RenderJob job(int port, String report, long version, String identity, String token, int width, int height) {
			List<FilterCondition> filters = this.values.isEmpty() ? List.of()
					: List.of(FilterCondition.of("Store", "Region", LiteralKind.TEXT, List.copyOf(this.values)));
			Map<String, Object> config = SdkEmbeds.config(report, FakeReportEmbed.embedUrl(report, "0d6e2a4b-group"),
					token, this.pages.get(0), filters, true);
			RenderJob.WarmReport warm = (version < 0) ? null
					: new RenderJob.WarmReport(report, version, identity, Instant.now().plus(Duration.ofHours(1)));
			List<RenderJob.SdkPage> pages = this.pages.stream()
				.map((page) -> new RenderJob.SdkPage(page, width, height))
				.toList();
			return new RenderJob("http://127.0.0.1:" + port + "/powerbi/host.html", width, height, 1,
					RenderJob.Output.PNG, new Readiness(null, null, Duration.ofMillis(60)),
					Instant.now().plusSeconds(60), new RenderJob.SdkEmbed(config, pages, warm), null);
		}

	}

}
