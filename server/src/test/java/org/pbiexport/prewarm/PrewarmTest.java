package org.pbiexport.prewarm;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.pbiexport.audit.ExportDemand;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.export.ScheduledExports;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.DemoApp;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.Reports;
import org.pbiexport.testsupport.RunsAlongside;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pre-warming on the demo report in real Chromium: after an edit drops a report's cached
 * files, its two most asked-for exports are rendered again in the background and the next
 * request for each is a cache hit; the third stays a miss. After a top export's cached
 * file expires, the sweep (every second here) has rendered it again: a hit. Its settings
 * make a context of its own, which mostly waits for the sweep: it runs beside the others.
 */
@RunsAlongside
@TestPropertySource(properties = { "pbi-export.prewarm.top=2", "pbi-export.prewarm.refresh=1s" })
class PrewarmTest extends DemoApp {

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	@Autowired
	ExportDemand demand;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Prewarmer prewarmer;

	@Autowired
	ScheduledExports exports;

	@Test
	void afterAnEditTheMostAskedForExportsAreRenderedAgainAndTheNextRequestIsAHit() {
		Chromium.require();
		Report copy = this.catalog.create(copyOfTheDemo("Pre-warmed " + System.nanoTime(), "first"), "test");
		long id = copy.id().value();
		String most = "/api/export?report_id=" + id + "&filter.Year=2024";
		String second = "/api/export?report_id=" + id + "&filter.Year=2023&filter.Region=East";
		String once = "/api/export?report_id=" + id + "&filter.Year=2022";
		Http http = new Http(this.port);
		for (String path : new String[] { most, most, most, second, second, once }) {
			assertThat(http.download(path).statusCode()).isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.demand.mostAsked(id, 10, Instant.EPOCH)
				.stream()
				.mapToLong(ExportDemand.AskedExport::asked)
				.sum() == 6);
		assertThat(this.demand.mostAsked(id, 10, Instant.EPOCH)).extracting(ExportDemand.AskedExport::asked)
			.containsExactly(3L, 2L, 1L);
		double before = rendered();

		this.catalog.update(copy.id(), copyOfTheDemo(copy.title(), "edited"), null, "editor");

		await().atMost(Duration.ofSeconds(120)).until(() -> rendered() >= before + 2);
		assertThat(cache(http.download(most))).isEqualTo("HIT");
		assertThat(cache(http.download(second))).isEqualTo("HIT");
		assertThat(cache(http.download(once))).isEqualTo("MISS");
	}

	@Test
	void afterATopExportsCachedFileExpiresTheSweepRendersItAgainAndTheNextRequestIsAHit() {
		Chromium.require();
		ReportDraft demo = copyOfTheDemo("Short-lived " + System.nanoTime(), "first");
		RenderSettings settings = demo.settings();
		// Ten times the sweep's second: the sweep drops and renders the file again in the
		// second before it expires, and the test waits out one time to live.
		int ttl = 10;
		Report copy = this.catalog.create(
				new ReportDraft(demo.title(), demo.description(), demo.embedUrl(), demo.embedKind(), demo.renderMode(),
						new RenderSettings(settings.readySelector(), settings.settleMs(), settings.timeoutMs(), ttl,
								settings.hidePanes(), settings.filterParam(), settings.allowBooleanUrlFilters()),
						true, demo.pages(), demo.filters(), demo.powerbi()),
				"test");
		long id = copy.id().value();
		try {
			String asked = "/api/export?report_id=" + id + "&filter.Year=2024";
			Http http = new Http(this.port);
			assertThat(cache(http.download(asked))).isEqualTo("MISS");
			Instant first = Instant.now();
			assertThat(cache(http.download(asked))).isEqualTo("HIT");
			await().atMost(Duration.ofSeconds(30)).until(() -> this.demand.mostAsked(id, 1, Instant.EPOCH).size() == 1);
			ObjectNode body = this.prewarmer.body(id, this.demand.mostAsked(id, 1, Instant.EPOCH).get(0));

			// Past the first file's time to live, the cache holds a file made again
			// since.
			await().atMost(Duration.ofSeconds(ttl + 120))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> Instant.now().isAfter(first.plusSeconds(ttl + 1))
						&& this.exports.cachedFor(body).filter((left) -> left.toSeconds() > ttl / 2).isPresent());
			assertThat(cache(http.download(asked))).isEqualTo("HIT");
		}
		finally {
			// Its short-lived files would be rendered again every few seconds.
			this.catalog.delete(copy.id(), "test");
		}
	}

	private ReportDraft copyOfTheDemo(String title, String description) {
		Report demo = this.catalog.find(new ReportId(Reports.idOf(this.catalog, "Sales demo"))).orElseThrow();
		ReportDraft draft = demo.draft();
		return new ReportDraft(title, description, draft.embedUrl(), draft.embedKind(), draft.renderMode(),
				draft.settings(), true, draft.pages(), draft.filters(), draft.powerbi());
	}

	private double rendered() {
		Counter counter = this.meters.find("pbi_export_prewarm_renders").tag("result", "rendered").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static String cache(HttpResponse<byte[]> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		return response.headers().firstValue("X-Cache").orElse("");
	}

}
