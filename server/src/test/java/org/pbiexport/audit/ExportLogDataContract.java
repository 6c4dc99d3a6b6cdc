package org.pbiexport.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.pbiexport.export.ExportAnswered;
import org.pbiexport.security.ApiKeys;
import org.pbiexport.testsupport.RunningApp;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the export log must do on every supported metadata database: its migration, rows
 * kept exactly (letters outside ASCII, filters in order), the page's filters, the CSV's
 * reading and the retention's delete. Each subclass runs it against one database after
 * the same Flyway migrations, in the application that every test of that database shares
 * ({@link RunningApp}).
 */
abstract class ExportLogDataContract extends RunningApp {

	@Autowired
	ExportLog exportLog;

	@Autowired
	ApiKeys keys;

	@Test
	void keepsEveryFieldExactly() {
		String who = "Zoë " + UUID.randomUUID();
		Map<String, List<String>> filters = new LinkedHashMap<>();
		filters.put("year", List.of("2024"));
		filters.put("owner name", List.of("O'Brien", "東京", "🎉 party"));
		Instant at = Instant.parse("2026-11-30T23:59:59.123Z");
		this.exportLog.record(new ExportAnswered(at, new ExportAnswered.Caller("key", who, "AbCdEf1234"), 7L,
				"Ventes – été", List.of("ReportSection1", "ReportSection2"), filters, "pdf", "HIT", 504,
				"render-timed-out", 30_001, "3f0c0000-0000-4000-8000-000000000000"));

		ExportLogEntry row = this.exportLog.find(new ExportLogQuery(null, who, null, null, null), 0, 10).get(0);
		assertThat(row.at()).isEqualTo(at);
		assertThat(row.callerKind()).isEqualTo("key");
		assertThat(row.caller()).isEqualTo(who);
		assertThat(row.keyPrefix()).isEqualTo("AbCdEf1234");
		assertThat(row.reportId()).isEqualTo(7L);
		assertThat(row.reportTitle()).isEqualTo("Ventes – été");
		assertThat(row.pages()).containsExactly("ReportSection1", "ReportSection2");
		assertThat(row.filters()).containsExactlyEntriesOf(filters);
		assertThat(row.format()).isEqualTo("pdf");
		assertThat(row.cache()).isEqualTo("HIT");
		assertThat(row.outcome()).isEqualTo("504 render-timed-out");
		assertThat(row.durationMillis()).isEqualTo(30_001);
		assertThat(row.jobId()).isEqualTo("3f0c0000-0000-4000-8000-000000000000");
	}

	@Test
	void aRefusalWithoutReportIsKept() {
		String who = "anon-" + UUID.randomUUID();
		this.exportLog.record(new ExportAnswered(Instant.now(), new ExportAnswered.Caller("user", who, null), null,
				null, List.of(), Map.of(), null, null, 400, "invalid-request", 3, null));
		ExportLogEntry row = this.exportLog.find(new ExportLogQuery(null, who, null, null, null), 0, 10).get(0);
		assertThat(row.reportId()).isNull();
		assertThat(row.reportTitle()).isNull();
		assertThat(row.cache()).isNull();
		assertThat(row.filters()).isEmpty();
	}

	@Test
	void filtersSelectByReportCallerDaysAndOutcome() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		long report = 900_000 + (long) (Math.random() * 90_000);
		Instant day1 = LocalDate.of(2026, 1, 10).atStartOfDay(ZoneOffset.UTC).toInstant();
		Instant day2 = day1.plusSeconds(86_400 - 1);
		Instant day3 = day1.plusSeconds(2 * 86_400);
		this.exportLog.record(row(day1, "Alice_" + tag, null, report, 200));
		this.exportLog.record(row(day2, "bob-" + tag, "Pfx" + tag, report, 429));
		this.exportLog.record(row(day3, "carol-" + tag, null, report + 1, 502));

		assertThat(callers(new ExportLogQuery(report, null, null, null, null))).containsExactly("bob-" + tag,
				"Alice_" + tag);
		// Any case; a LIKE wildcard typed is taken literally.
		assertThat(callers(new ExportLogQuery(null, "ALICE_" + tag, null, null, null))).containsExactly("Alice_" + tag);
		assertThat(callers(new ExportLogQuery(null, "alice%" + tag, null, null, null))).isEmpty();
		assertThat(callers(new ExportLogQuery(null, "pfx" + tag, null, null, null))).containsExactly("bob-" + tag);
		assertThat(callers(new ExportLogQuery(null, tag, LocalDate.of(2026, 1, 10), LocalDate.of(2026, 1, 10), null)))
			.containsExactly("bob-" + tag, "Alice_" + tag);
		assertThat(callers(new ExportLogQuery(null, tag, LocalDate.of(2026, 1, 11), null, null)))
			.containsExactly("carol-" + tag);
		assertThat(callers(new ExportLogQuery(null, tag, null, null, "ok"))).containsExactly("Alice_" + tag);
		assertThat(callers(new ExportLogQuery(null, tag, null, null, "refused"))).containsExactly("bob-" + tag);
		assertThat(callers(new ExportLogQuery(null, tag, null, null, "failed"))).containsExactly("carol-" + tag);
		assertThat(this.exportLog.count(new ExportLogQuery(null, tag, null, null, null))).isEqualTo(3);

		List<String> streamed = new ArrayList<>();
		this.exportLog.each(new ExportLogQuery(null, tag, null, null, null), (row) -> streamed.add(row.caller()));
		assertThat(streamed).containsExactly("carol-" + tag, "bob-" + tag, "Alice_" + tag);

		assertThat(this.exportLog.deleteBefore(day2)).isGreaterThanOrEqualTo(1);
		assertThat(callers(new ExportLogQuery(null, tag, null, null, null))).containsExactly("carol-" + tag,
				"bob-" + tag);
	}

	/** The same migration gives API keys their optional expiry. */
	@Test
	void apiKeysKeepTheirExpiry() {
		Instant expires = Instant.parse("2031-05-06T07:08:09.010Z");
		ApiKeys.CreatedKey created = this.keys.create("expiring " + UUID.randomUUID(), Set.of(), Set.of(), false,
				expires, "test");
		ApiKeys.CreatedKey forever = this.keys.create("forever " + UUID.randomUUID(), Set.of(), Set.of(), false,
				"test");
		assertThat(this.keys.list()).filteredOn((key) -> key.id() == created.key().id())
			.singleElement()
			.satisfies((key) -> assertThat(key.expiresAt()).isEqualTo(expires));
		assertThat(this.keys.verify(forever.secret())).get().satisfies((key) -> {
			assertThat(key.expiresAt()).isNull();
			assertThat(key.expired()).isFalse();
		});
	}

	private List<String> callers(ExportLogQuery query) {
		return this.exportLog.find(query, 0, 50).stream().map(ExportLogEntry::caller).toList();
	}

	private static ExportAnswered row(Instant at, String who, String prefix, long report, int status) {
		return new ExportAnswered(at, new ExportAnswered.Caller((prefix != null) ? "key" : "user", who, prefix), report,
				"R", List.of("P"), Map.of(), "png", "MISS", status, (status >= 400) ? "x" : null, 1, null);
	}

}
