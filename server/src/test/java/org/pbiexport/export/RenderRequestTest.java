package org.pbiexport.export;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.web.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What travels from a web node to a worker: the stream entry reads back as written, and a
 * worker plans the same export (same cache key) from it — or refuses it when the report
 * changed meanwhile.
 */
class RenderRequestTest {

	static final Filter YEAR = new Filter("Year", "Calendar", "Year", FilterType.INTEGER, false, false,
			List.of(2023L, 2024L), List.of(2024L));

	static final Filter REGION = new Filter("Region", "Geography", "Region", FilterType.TEXT, true, false,
			List.of("North", "Côte d'Azur", "South"), List.of());

	static final Filter PRICE = new Filter("Price", "Sales", "Price", FilterType.DECIMAL, false, false,
			List.of(new BigDecimal("5.50"), new BigDecimal("7")), List.of());

	static final Filter DAY = new Filter("Day", "Calendar", "Date", FilterType.DATE, false, false,
			List.of(LocalDate.of(2024, 1, 31)), List.of());

	static Report report(long version) {
		return new Report(new ReportId(7), "Sales", "", "/demo/report", "demo", "url", RenderSettings.DEFAULTS, true,
				List.of(new Page("P1", "One", 1, 1280, 720), new Page("P2", "Two", 2, 800, 600)),
				List.of(YEAR, REGION, PRICE, DAY), Instant.EPOCH, Instant.EPOCH, "admin", version);
	}

	static ExportPlan plan(Report report) {
		return new ExportPlan(report, List.of(report.pages().get(1), report.pages().get(0)),
				List.of(new ExportPlan.AppliedFilter(YEAR, List.of(2023L)),
						new ExportPlan.AppliedFilter(REGION, List.of("North", "Côte d'Azur")),
						new ExportPlan.AppliedFilter(PRICE, List.of(new BigDecimal("5.50"))),
						new ExportPlan.AppliedFilter(DAY, List.of(LocalDate.of(2024, 1, 31)))),
				ExportFormat.PDF, 1000, null, new BigDecimal("1.5"), true);
	}

	@Test
	void aRequestReadsBackAsWrittenAndPlansToTheSameCacheKey() {
		ExportPlan asked = plan(report(3));
		Instant deadline = Instant.now().truncatedTo(ChronoUnit.MILLIS);

		RenderRequest sent = RenderRequest.of(asked, deadline, new Captures.Queueing("key-12", Duration.ofSeconds(30)));
		RenderRequest received = RenderRequest.CODEC.decode(RenderRequest.CODEC.encode(sent));

		assertThat(received).isEqualTo(sent);
		assertThat(received.background()).isTrue();
		assertThat(received.workUntil()).isEqualTo(deadline.plusSeconds(30));
		ExportPlan planned = received.plan((id) -> Optional.of(report(3)).filter((r) -> r.id().equals(id)));
		assertThat(planned.cacheKey()).isEqualTo(asked.cacheKey());
		assertThat(planned.pages()).extracting(Page::name).containsExactly("P2", "P1");
	}

	@Test
	void aReportChangedOrDeletedMeanwhileIsRefusedNotRenderedDifferently() {
		RenderRequest request = RenderRequest.of(plan(report(3)), Instant.now(), Captures.Queueing.INTERACTIVE);

		assertThatThrownBy(() -> request.plan((id) -> Optional.of(report(4)))).isInstanceOfSatisfying(ApiProblem.class,
				(problem) -> assertThat(problem.status().value()).isEqualTo(409));

		assertThatThrownBy(() -> request.plan((id) -> Optional.empty())).isInstanceOfSatisfying(ApiProblem.class,
				(problem) -> assertThat(problem.status().value()).isEqualTo(404));
	}

}
