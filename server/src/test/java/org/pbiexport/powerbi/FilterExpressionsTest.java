package org.pbiexport.powerbi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pbiexport.powerbi.FilterCondition.Operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pbiexport.powerbi.FilterCondition.compare;
import static org.pbiexport.powerbi.FilterCondition.of;

/** Every documented example of docs/powerbi-rules.md, reproduced exactly. */
class FilterExpressionsTest {

	@Test
	void oneValueIsEq() {
		assertThat(build(of("Store", "Territory", LiteralKind.TEXT, List.of("NC"))))
			.isEqualTo("Store/Territory eq 'NC'");
	}

	@Test
	void severalValuesAreIn() {
		assertThat(build(of("Store", "Territory", LiteralKind.TEXT, List.of("NC", "TN"))))
			.isEqualTo("Store/Territory in ('NC', 'TN')");
	}

	@Test
	void conditionsAreJoinedWithAndInTheirOrder() {
		assertThat(build(of("Store", "Territory", LiteralKind.TEXT, List.of("NC")),
				of("Store", "Chain", LiteralKind.TEXT, List.of("Fashions Direct"))))
			.isEqualTo("Store/Territory eq 'NC' and Store/Chain eq 'Fashions Direct'");
	}

	@Test
	void spacesInNamesAreEscaped() {
		assertThat(build(of("Table Name", "Column Name", LiteralKind.TEXT, List.of("x"))))
			.isEqualTo("Table_x0020_Name/Column_x0020_Name eq 'x'");
	}

	@Test
	void numbersAreComparedPlainly() {
		assertThat(build(compare("product", "price", LiteralKind.INTEGER, Operator.LE, 200L),
				compare("product", "price", LiteralKind.DECIMAL, Operator.GT, new BigDecimal("3.5"))))
			.isEqualTo("product/price le 200 and product/price gt 3.5");
	}

	@Test
	void datesAreBareAndDateTimesQuoted() {
		assertThat(build(compare("Table", "Date", LiteralKind.DATE, Operator.GT, LocalDate.of(2019, 5, 20))))
			.isEqualTo("Table/Date gt 2019-05-20");
		assertThat(
				build(compare("Table", "Date", LiteralKind.DATETIME, Operator.GT, LocalDateTime.of(2019, 5, 20, 0, 0))))
			.isEqualTo("Table/Date gt datetime'2019-05-20T00:00:00'");
	}

	@Test
	void innerQuotesAreDoubled() {
		assertThat(build(of("Store", "Owner", LiteralKind.TEXT, List.of("O'Brien"))))
			.isEqualTo("Store/Owner eq 'O''Brien'");
	}

	@Test
	void namesAreEscapedAsDocumented() {
		assertThat(FilterExpressions.escapeName("[Column]")).isEqualTo("_x005B_Column_x005D_");
		assertThat(FilterExpressions.escapeName("表")).isEqualTo("_x8868_");
		assertThat(FilterExpressions.escapeName("2023 Sales")).isEqualTo("_x0032_023_x0020_Sales");
		assertThat(FilterExpressions.escapeName("Sales-Channel")).isEqualTo("Sales_x002D_Channel");
		assertThat(FilterExpressions.escapeName("snake_case_ok")).isEqualTo("snake_case_ok");
		assertThat(FilterExpressions.escapeName("a_x0041_b")).isEqualTo("a_x005F_x0041_b");
		assertThat(FilterExpressions.escapeName("😀")).isEqualTo("_x0001F600_");
	}

	@Test
	void decimalsKeepTheirDigitsAndIntegersAreWhole() {
		assertThat(
				build(of("P", "price", LiteralKind.DECIMAL, List.of(new BigDecimal("5.50"), new BigDecimal("1E+3")))))
			.isEqualTo("P/price in (5.50, 1000)");
		assertThat(build(of("C", "year", LiteralKind.INTEGER, List.of(2023L)))).isEqualTo("C/year eq 2023");
	}

	@Test
	void refusesWhatPowerBiCannotFilter() {
		assertThatThrownBy(() -> build(of("INFO", "x", LiteralKind.TEXT, List.of("a"))))
			.isInstanceOf(FilterNotExpressible.class)
			.hasMessageContaining("INF");
		assertThatThrownBy(() -> build(of("T", "INFLATION", LiteralKind.INTEGER, List.of(1L))))
			.isInstanceOf(FilterNotExpressible.class);
		assertThat(build(of("Info", "inflation", LiteralKind.INTEGER, List.of(1L)))).isEqualTo("Info/inflation eq 1");
		assertThatThrownBy(() -> build(of("T", "active", LiteralKind.BOOLEAN, List.of(true))))
			.isInstanceOf(FilterNotExpressible.class)
			.hasMessageContaining("allow_boolean_url_filters");
		assertThat(FilterExpressions.build(List.of(of("T", "active", LiteralKind.BOOLEAN, List.of(true))), true))
			.isEqualTo("T/active eq true");
		assertThatThrownBy(() -> build(compare("T", "name", LiteralKind.TEXT, Operator.GT, "a")))
			.isInstanceOf(FilterNotExpressible.class);
	}

	@Test
	void refusesValuesTheLiteralsWouldChange() {
		assertThat(build(of("T", "id", LiteralKind.INTEGER, List.of(9_007_199_254_740_991L, -9_007_199_254_740_991L))))
			.isEqualTo("T/id in (9007199254740991, -9007199254740991)");
		assertThatThrownBy(() -> build(of("T", "id", LiteralKind.INTEGER, List.of(9_007_199_254_740_993L))))
			.isInstanceOf(FilterNotExpressible.class)
			.hasMessageContaining("2^53-1")
			.extracting((ex) -> ((FilterNotExpressible) ex).column())
			.isEqualTo("id");
		assertThatThrownBy(() -> build(
				of("T", "at", LiteralKind.DATETIME, List.of(LocalDateTime.of(2019, 5, 20, 8, 0, 0, 500_000_000)))))
			.isInstanceOf(FilterNotExpressible.class)
			.hasMessageContaining("fraction of a second");
		assertThatThrownBy(() -> build(of("T", "day", LiteralKind.DATE, List.of(LocalDate.of(10000, 1, 1)))))
			.isInstanceOf(FilterNotExpressible.class)
			.hasMessageContaining("0001 to 9999");
	}

	@Test
	void atMostTenConditions() {
		List<FilterCondition> conditions = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			conditions.add(of("T", "c" + i, LiteralKind.INTEGER, List.of((long) i)));
		}
		assertThat(FilterExpressions.build(conditions, false)).contains("T/c9 eq 9");
		conditions.add(of("T", "c10", LiteralKind.INTEGER, List.of(10L)));
		assertThatThrownBy(() -> FilterExpressions.build(conditions, false)).isInstanceOf(FilterNotExpressible.class)
			.hasMessageContaining("at most 10");
	}

	private static String build(FilterCondition... conditions) {
		return FilterExpressions.build(List.of(conditions), false);
	}

}
