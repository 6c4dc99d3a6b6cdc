package org.pbiexport.powerbi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random conditions with hostile values and names go through the builder and the render
 * URL, and an independent parser reads back exactly the same tables, columns and values.
 */
class FilterRoundTripProperties {

	static final String EMBED = "https://app.powerbi.com/reportEmbed?reportId=5b218778-e7a5-4d73-8187-f10824047715&autoAuth=true";

	/**
	 * Pieces values are made of: quotes, URL delimiters, spaces, non-Latin letters,
	 * emoji, lookalikes.
	 */
	static final List<String> VALUE_PIECES = List.of("a", "Z", "0", "9", "'", "''", "%", "%20", "+", "/", "?", "#", "&",
			"=", " ", "  ", " and ", ",", "(", ")", "\"", "\\", "é", "ß", "表", "Ж", "ع", "😀", "🎉", "_x0020_", "eq",
			"in", "\t");

	static final List<String> NAME_PIECES = List.of("A", "b", "Z", "7", "_", " ", "-", "[", "]", ".", "/", "'", "表",
			"é", "😀", "_x0041_", "x", "Sales", "Table");

	/** Registered addresses with and without a query of their own. */
	static final List<String> ADDRESSES = List.of(EMBED,
			"https://app.powerbi.com/groups/me/reports/5b218778-e7a5-4d73-8187-f10824047715/ReportSection2",
			"https://reports.contoso.local/reports/powerbi/Sales/Overview?rs:Embed=true", "/demo/report");

	@Property(tries = 3000)
	void theParserReadsBackWhatTheBuilderWrote(@ForAll("conditions") List<FilterCondition> conditions,
			@ForAll("addresses") String address, @ForAll("filterParameters") String parameter,
			@ForAll boolean hidePanes) {
		String expression = FilterExpressions.build(conditions, true);
		String url = RenderUrls.build(address, "ReportSection1", parameter, expression, hidePanes);

		List<UrlFilterParser.Parsed> parsed = UrlFilterParser.parseUrl(url, RenderUrls.encode(parameter));

		assertThat(url).startsWith(address + (address.contains("?") ? "&" : "?") + "pageName=ReportSection1&"
				+ RenderUrls.encode(parameter) + "=");
		assertThat(url.substring(address.length())).doesNotContain("+", " ", "#", "'");
		assertThat(url.endsWith("&navContentPaneEnabled=false&filterPaneEnabled=false")).isEqualTo(hidePanes);
		assertThat(parsed).hasSameSizeAs(conditions);
		for (int i = 0; i < conditions.size(); i++) {
			FilterCondition condition = conditions.get(i);
			UrlFilterParser.Parsed read = parsed.get(i);
			assertThat(read.table()).isEqualTo(condition.table());
			assertThat(read.column()).isEqualTo(condition.column());
			assertThat(read.operator()).isEqualTo(condition.operator().keyword());
			assertThat(read.values()).containsExactlyElementsOf(condition.values()
				.stream()
				.map((value) -> (value instanceof Integer number) ? (Object) number.longValue() : value)
				.toList());
		}
	}

	@Provide
	Arbitrary<String> addresses() {
		return Arbitraries.of(ADDRESSES);
	}

	@Provide
	Arbitrary<String> filterParameters() {
		return Arbitraries.of("filter", "$filter");
	}

	@Provide
	Arbitrary<List<FilterCondition>> conditions() {
		return condition().list().ofMinSize(1).ofMaxSize(FilterExpressions.MAX_CONDITIONS);
	}

	private Arbitrary<FilterCondition> condition() {
		Arbitrary<String> names = Arbitraries.of(NAME_PIECES)
			.list()
			.ofMinSize(1)
			.ofMaxSize(6)
			.map((pieces) -> String.join("", pieces))
			.filter((name) -> !name.startsWith("INF"));
		Arbitrary<LiteralKind> kinds = Arbitraries.of(LiteralKind.class);
		return Combinators.combine(names, names, kinds, Arbitraries.integers().between(1, 4))
			.flatAs((table, column, kind, count) -> values(kind).list()
				.ofSize((kind == LiteralKind.BOOLEAN) ? Math.min(count, 2) : count)
				.uniqueElements()
				.map((values) -> FilterCondition.of(table, column, kind, values)));
	}

	private static Arbitrary<Object> values(LiteralKind kind) {
		return switch (kind) {
			case TEXT -> Arbitraries.of(VALUE_PIECES).list().ofMinSize(0).ofMaxSize(8).map((p) -> String.join("", p));
			case INTEGER -> Arbitraries.longs().between(-9_007_199_254_740_991L, 9_007_199_254_740_991L).map((v) -> v);
			case DECIMAL -> Combinators
				.combine(Arbitraries.longs().between(-10_000_000_000L, 10_000_000_000L),
						Arbitraries.integers().between(1, 6))
				.as((unscaled, scale) -> (Object) BigDecimal.valueOf(unscaled, scale));
			case DATE -> Arbitraries.longs()
				.between(LocalDate.of(1900, 1, 1).toEpochDay(), LocalDate.of(2100, 12, 31).toEpochDay())
				.map((day) -> (Object) LocalDate.ofEpochDay(day));
			case DATETIME -> Arbitraries.longs()
				.between(0, 4_000_000_000L)
				.map((seconds) -> (Object) LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC));
			case BOOLEAN -> Arbitraries.of(true, false).map((b) -> (Object) b);
		};
	}

}
