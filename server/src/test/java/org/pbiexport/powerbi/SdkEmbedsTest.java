package org.pbiexport.powerbi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pbiexport.powerbi.FilterCondition.Operator;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pbiexport.powerbi.FilterCondition.compare;
import static org.pbiexport.powerbi.FilterCondition.of;

/**
 * The SDK's filter objects and embed configuration as JSON, exactly as powerbi-models
 * reads them: value types kept (digit-only text stays text), enum numbers right.
 */
class SdkEmbedsTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void textValuesAreStringsEvenWhenTheyAreDigits() {
		assertThat(json(SdkEmbeds.basicFilter(of("Store", "Territory", LiteralKind.TEXT, List.of("NC", "0042")))))
			.isEqualTo("{\"$schema\":\"http://powerbi.com/product/schema#basic\","
					+ "\"target\":{\"table\":\"Store\",\"column\":\"Territory\"},"
					+ "\"filterType\":1,\"operator\":\"In\",\"values\":[\"NC\",\"0042\"]}");
	}

	@Test
	void numbersAreJsonNumbers() {
		assertThat(json(SdkEmbeds.basicFilter(of("Sales", "Year", LiteralKind.INTEGER, List.of(2023L, 2024)))))
			.endsWith("\"values\":[2023,2024]}");
		assertThat(
				json(SdkEmbeds.basicFilter(of("Sales", "Rate", LiteralKind.DECIMAL, List.of(new BigDecimal("3.50"))))))
			.endsWith("\"values\":[3.50]}");
	}

	@Test
	void datesAreIsoDateTimesAtMidnightAndDateTimesKeepTheirWallClock() {
		assertThat(
				json(SdkEmbeds.basicFilter(of("Time", "Date", LiteralKind.DATE, List.of(LocalDate.of(2019, 5, 20))))))
			.endsWith("\"values\":[\"2019-05-20T00:00:00.000Z\"]}");
		assertThat(json(SdkEmbeds
			.basicFilter(of("Time", "Stamp", LiteralKind.DATETIME, List.of(LocalDateTime.of(2019, 5, 20, 13, 45, 7))))))
			.endsWith("\"values\":[\"2019-05-20T13:45:07.000Z\"]}");
	}

	@Test
	void booleansAreJsonBooleans() {
		assertThat(json(SdkEmbeds.basicFilter(of("Store", "Open", LiteralKind.BOOLEAN, List.of(true)))))
			.endsWith("\"values\":[true]}");
	}

	@Test
	void comparisonsAreRefusedInWords() {
		assertThatThrownBy(
				() -> SdkEmbeds.basicFilter(compare("product", "price", LiteralKind.INTEGER, Operator.GT, 200L)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("'gt' on product/price")
			.hasMessageContaining("basic filter");
		assertThatThrownBy(() -> SdkEmbeds.basicFilter(of("Sales", "Id", LiteralKind.INTEGER, List.of(1L << 60))))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("2^53-1");
	}

	@Test
	void theConfigurationCarriesPageFiltersAndSettings() {
		Map<String, Object> config = SdkEmbeds.config("r-1", "https://app.powerbi.com/reportEmbed?reportId=r-1",
				"token-1", "ReportSection1", List.of(of("Store", "Territory", LiteralKind.TEXT, List.of("NC"))), true);

		assertThat(json(config)).isEqualTo("{\"type\":\"report\",\"id\":\"r-1\","
				+ "\"embedUrl\":\"https://app.powerbi.com/reportEmbed?reportId=r-1\",\"accessToken\":\"token-1\","
				+ "\"tokenType\":1,\"permissions\":0,\"viewMode\":0,\"pageName\":\"ReportSection1\","
				+ "\"filters\":[{\"$schema\":\"http://powerbi.com/product/schema#basic\","
				+ "\"target\":{\"table\":\"Store\",\"column\":\"Territory\"},\"filterType\":1,\"operator\":\"In\","
				+ "\"values\":[\"NC\"]}],"
				+ "\"settings\":{\"panes\":{\"filters\":{\"visible\":false},\"pageNavigation\":{\"visible\":false}},"
				+ "\"background\":1}}");
	}

	@Test
	void withoutAPageOrHiddenPanesThoseAreLeftOut() {
		Map<String, Object> config = SdkEmbeds.config("r-1", "https://app.powerbi.com/reportEmbed?reportId=r-1",
				"token-1", null, List.of(), false);

		assertThat(config).doesNotContainKey("pageName");
		assertThat(json(config)).endsWith("\"filters\":[],\"settings\":{\"background\":1}}");
	}

	private static String json(Object value) {
		return json.writeValueAsString(value);
	}

}
