package org.pbiexport.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.RunningApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.pbiexport.testsupport.Reports.aReport;
import static org.pbiexport.testsupport.Reports.dates;
import static org.pbiexport.testsupport.Reports.regions;
import static org.pbiexport.testsupport.Reports.year;

/**
 * What the catalogue must do on every supported metadata database. Each subclass runs it
 * against one real database server (or SQLite file) after the same Flyway migrations, in
 * the application that every test of that database shares ({@link RunningApp}).
 */
abstract class CatalogDataContract extends RunningApp {

	@Autowired
	Catalog catalog;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ReportHistory history;

	@Test
	void migrationsCreateTheSchema() {
		Integer applied = this.jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE success = ?")
			.param(true)
			.query(Integer.class)
			.single();
		assertThat(applied).isGreaterThanOrEqualTo(1);
		for (String table : List.of("reports", "report_pages", "report_filters", "filter_values", "users",
				"app_state")) {
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single()).isNotNull();
		}
	}

	@Test
	void storesEveryTypeOfValueExactlyAndInOrder() {
		Filter decimals = new Filter("Price", "Product", "price", FilterType.DECIMAL, true, false,
				List.of(new BigDecimal("5.50"), new BigDecimal("0.1"), new BigDecimal("-3")),
				List.of(new BigDecimal("5.50")));
		Filter times = new Filter("Hour", "Calendar", "hour", FilterType.DATETIME, false, false,
				List.of(LocalDateTime.of(2023, 1, 31, 8, 0), LocalDateTime.of(2023, 1, 31, 17, 30, 15)), List.of());
		Filter texts = new Filter("Owner", "Store Owner", "owner name", FilterType.TEXT, true, true,
				List.of("O'Brien", "Zoë", "東京", "a, b; c | d", "🎉 party", "z"), List.of("O'Brien", "Zoë"));
		Filter flags = new Filter("Active", "Store", "active", FilterType.BOOLEAN, false, false, List.of(true, false),
				List.of(false));
		ReportDraft draft = aReport().titled("Every type")
			.withPage("Overview")
			.withPage("Details")
			.withFilter(year(2024L, 2022L, 2023L))
			.withFilter(regions("North", "South"))
			.withFilter(dates(LocalDate.of(2023, 1, 31), LocalDate.of(2022, 12, 1)))
			.withFilter(decimals)
			.withFilter(times)
			.withFilter(texts)
			.withFilter(flags)
			.with(new RenderSettings(null, null, null, null, null, null, true))
			.build();

		Report created = this.catalog.create(draft, "tester");
		Report read = this.catalog.find(created.id()).orElseThrow();

		assertThat(read.draft()).isEqualTo(draft);
		assertThat(read.version()).isEqualTo(1);
		assertThat(read.updatedBy()).isEqualTo("tester");
		assertThat(read.filter("year").orElseThrow().allowedValues()).containsExactly(2024L, 2022L, 2023L);
		assertThat(read.filter("owner name").orElseThrow().defaults()).containsExactlyInAnyOrder("Zoë", "O'Brien");
		assertThat(read.filter("price").orElseThrow().allowedValuesJson()).containsExactly(new BigDecimal("5.50"),
				new BigDecimal("0.1"), new BigDecimal("-3"));
		assertThat(read.filter("hour").orElseThrow().allowedValuesJson()).containsExactly("2023-01-31T08:00:00",
				"2023-01-31T17:30:15");
		assertThat(read.pages()).extracting(Page::displayName).containsExactly("Overview", "Details");
	}

	@Test
	void storesOneFilePerAndWarmSessionsAndDropsAFilterAnEditRemoves() {
		ReportOptions options = new ReportOptions(List.of("region", "year"), false);
		ReportDraft draft = aReport().withFilter(year(2023L)).withFilter(regions("North")).with(options).build();

		Report created = this.catalog.create(draft, "tester");
		Report read = this.catalog.find(created.id()).orElseThrow();
		assertThat(read.oneFilePer()).containsExactly("region", "year");
		assertThat(read.warmSessions()).isFalse();
		assertThat(read.draft()).isEqualTo(draft);

		// An edit without the region filter keeps the list valid rather than failing.
		ReportDraft withoutRegion = aReport().withFilter(year(2023L)).with(options).build();
		Report updated = this.catalog.update(created.id(), withoutRegion, null, "tester");
		assertThat(updated.oneFilePer()).containsExactly("year");
		assertThat(this.catalog.find(created.id()).orElseThrow().oneFilePer()).containsExactly("year");
		// An import's filters do the same.
		assertThat(updated.draft().withFilters(List.of(regions("North"))).options().oneFilePer()).isEmpty();
		// A column that never was a filter is refused, and nothing is written.
		ReportDraft nowhere = aReport().withFilter(year(2023L))
			.with(new ReportOptions(List.of("year", "nowhere", "year"), true))
			.build();
		assertThatThrownBy(() -> this.catalog.update(created.id(), nowhere, null, "tester")).isInstanceOfSatisfying(
				InvalidDraft.class, (invalid) -> assertThat(invalid.problems()).extracting(DraftProblem::field)
					.containsExactly("one_file_per[1]", "one_file_per[2]"));
		assertThat(this.catalog.find(created.id()).orElseThrow().version()).isEqualTo(updated.version());
		assertThat(this.catalog.create(aReport().build(), "tester").warmSessions()).as("the default").isTrue();
	}

	@Test
	void columnNamesAreCaseSensitiveAsInPowerBi() {
		Filter upper = new Filter("Year (upper)", "Calendar", "Year", FilterType.INTEGER, false, false, List.of(2023L),
				List.of());
		Report created = this.catalog.create(aReport().withFilter(year(2023L)).withFilter(upper).build(), "tester");

		assertThat(this.catalog.find(created.id()).orElseThrow().filters()).extracting(Filter::column)
			.containsExactly("year", "Year");
	}

	@Test
	void updateReplacesContentAndChecksTheVersion() {
		Report created = this.catalog.create(aReport().withPage("One").withFilter(year(2022L)).build(), "alice");
		ReportDraft changed = aReport().titled("Renamed").withPage("Two").withPage("Three").build();

		Report updated = this.catalog.update(created.id(), changed, created.version(), "bob");

		assertThat(updated.draft()).isEqualTo(changed);
		assertThat(updated.version()).isEqualTo(created.version() + 1);
		assertThat(updated.updatedBy()).isEqualTo("bob");
		assertThatThrownBy(() -> this.catalog.update(created.id(), created.draft(), created.version(), "carol"))
			.isInstanceOf(ReportChangedMeanwhile.class);
		assertThat(this.catalog.find(created.id()).orElseThrow().draft()).isEqualTo(changed);
		assertThatThrownBy(() -> this.catalog.update(new ReportId(999_999), changed, null, "bob"))
			.isInstanceOf(UnknownReport.class);
	}

	@Test
	void aFailedUpdateLeavesNothingHalfWritten() {
		Report created = this.catalog.create(aReport().withFilter(year(2022L, 2023L)).build(), "alice");
		// Two filters on one column break a unique constraint half-way through the write.
		ReportDraft broken = aReport().titled("Broken").withFilter(year(2030L)).withFilter(year(2031L)).build();

		assertThatThrownBy(() -> this.catalog.update(created.id(), broken, null, "bob"))
			.isInstanceOf(RuntimeException.class);

		Report after = this.catalog.find(created.id()).orElseThrow();
		assertThat(after.draft()).isEqualTo(created.draft());
		assertThat(after.version()).isEqualTo(created.version());
	}

	@Test
	void deleteRemovesPagesFiltersAndValues() {
		Report created = this.catalog.create(aReport().withPage("A").withFilter(regions("North", "South")).build(),
				"alice");

		this.catalog.delete(created.id(), "tester");

		assertThat(this.catalog.find(created.id())).isEmpty();
		assertThat(count("SELECT COUNT(*) FROM report_pages WHERE report_id = ?", created.id())).isZero();
		assertThat(count("SELECT COUNT(*) FROM report_filters WHERE report_id = ?", created.id())).isZero();
		assertThat(this.jdbc
			.sql("SELECT COUNT(*) FROM filter_values v WHERE NOT EXISTS "
					+ "(SELECT 1 FROM report_filters f WHERE f.id = v.filter_id)")
			.query(Long.class)
			.single()).isZero();
		assertThatThrownBy(() -> this.catalog.delete(created.id(), "tester")).isInstanceOf(UnknownReport.class);
	}

	@Test
	void historyRecordsWhoChangedWhatFromWhatToWhatAndOutlivesTheReport() {
		Report created = this.catalog.create(aReport().withPage("A").withFilter(regions("North", "South")).build(),
				"alice");
		ReportDraft draft = created.draft();
		Filter regions = draft.filters().get(0);
		Filter edited = new Filter(regions.label(), regions.table(), regions.column(), regions.type(),
				regions.multiple(), regions.required(), List.of("North", "South", "East"), regions.defaults());
		this.catalog.update(created.id(),
				new ReportDraft(draft.title(), draft.description(), draft.embedUrl(), draft.embedKind(),
						draft.renderMode(), draft.settings(), draft.enabled(), draft.pages(), List.of(edited)),
				created.version(), "bob");
		this.catalog.update(created.id(), this.catalog.find(created.id()).orElseThrow().draft(), null, "carol");
		this.catalog.delete(created.id(), "dave");

		List<HistoryEntry> entries = this.history.ofReport(created.id(), 0, 10);
		assertThat(entries).extracting(HistoryEntry::action, HistoryEntry::actor)
			.containsExactly(tuple("deleted", "dave"), tuple("updated", "bob"), tuple("created", "alice"));
		assertThat(entries.get(1).changes()).containsExactly(new FieldChange(
				"filter " + regions.column() + ": allowed_values", "North, South", "North, South, East"));
		assertThat(entries.get(2).changes()).contains(new FieldChange("title", "", created.title()));
		assertThat(this.history.count(created.id())).isEqualTo(3);
	}

	@Test
	void listsEnabledReportsByTitle() {
		Report zebra = this.catalog.create(aReport().titled("zebra report").build(), "t");
		Report alpha = this.catalog.create(aReport().titled("Alpha report").withPage("P1").withPage("P2").build(), "t");
		Report hidden = this.catalog.create(aReport().titled("Beta hidden").disabled().build(), "t");

		List<ReportSummary> enabled = this.catalog.enabledReports(ReportAccess.all())
			.stream()
			.filter((r) -> List.of(zebra.id(), alpha.id(), hidden.id()).contains(r.id()))
			.toList();
		assertThat(enabled).extracting(ReportSummary::title).containsExactly("Alpha report", "zebra report");
		assertThat(enabled.get(0).pageCount()).isEqualTo(2);
		assertThat(this.catalog.allReports()).extracting(ReportSummary::id).contains(hidden.id());
		assertThatThrownBy(() -> this.catalog.enabledReport(hidden.id(), ReportAccess.all()))
			.isInstanceOf(UnknownReport.class);
	}

	@Test
	void aCallerLimitedToSomeReportsSeesOnlyThose() {
		Report seen = this.catalog.create(aReport().titled("Seen report").build(), "t");
		Report other = this.catalog.create(aReport().titled("Other report").build(), "t");
		ReportAccess limited = ReportAccess.only(Set.of(seen.id().value()));

		assertThat(this.catalog.enabledReports(limited)).extracting(ReportSummary::id).containsExactly(seen.id());
		assertThat(this.catalog.enabledReport(seen.id(), limited).title()).isEqualTo("Seen report");
		assertThatThrownBy(() -> this.catalog.enabledReport(other.id(), limited)).isInstanceOf(UnknownReport.class);
		assertThat(this.catalog.enabledReports(ReportAccess.all())).extracting(ReportSummary::id)
			.contains(seen.id(), other.id());
	}

	/**
	 * Readers never see a report half-updated: every read equals one of the two versions
	 * the writer alternates between, never a mix.
	 */
	@Test
	void concurrentReadersSeeWholeVersionsOnly() throws Exception {
		ReportDraft first = aReport().titled("Version A")
			.withPage("A1")
			.withFilter(year(2020L, 2021L))
			.withFilter(regions("North", "South"))
			.build();
		ReportDraft second = aReport().titled("Version B")
			.withPage("B1")
			.withPage("B2")
			.withFilter(year(2030L, 2031L, 2032L))
			.withFilter(regions("East", "West", "Central"))
			.withFilter(dates(LocalDate.of(2030, 1, 1)))
			.build();
		Report report = this.catalog.create(first, "writer");
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger reads = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(9);
		try {
			List<Future<?>> readers = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				readers.add(pool.submit(() -> {
					while (writing.get()) {
						ReportDraft seen = this.catalog.find(report.id()).orElseThrow().draft();
						assertThat(seen).isIn(first, second);
						reads.incrementAndGet();
					}
					return null;
				}));
			}
			Future<?> writer = pool.submit(() -> {
				try {
					for (int i = 0; i < 20; i++) {
						this.catalog.update(report.id(), (i % 2 == 0) ? second : first, null, "writer");
					}
				}
				finally {
					writing.set(false);
				}
				return null;
			});
			writer.get(120, TimeUnit.SECONDS);
			for (Future<?> reader : readers) {
				reader.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(reads.get()).isPositive();
	}

	private long count(String sql, ReportId id) {
		return this.jdbc.sql(sql).param(id.value()).query(Long.class).single();
	}

}
