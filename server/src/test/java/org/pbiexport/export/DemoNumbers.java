package org.pbiexport.export;

import java.text.NumberFormat;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;

/**
 * The demo report's made-up numbers, computed here the way its data endpoint does, so
 * tests can check that a capture shows the right ones.
 */
final class DemoNumbers {

	static final List<String> REGIONS = List.of("North", "South", "East", "West", "Côte d'Azur");

	private DemoNumbers() {
	}

	static String sales(long year, String region) {
		int r = REGIONS.indexOf(region);
		long total = 0;
		for (int month = 1; month <= 12; month++) {
			long base = 12_000 + 3_100L * r + 950L * (year - 2022);
			long seasonal = Math.round(2_500 * Math.sin((month + r) / 12.0 * 2 * Math.PI));
			total += base + seasonal + ((year * 31 + r * 17 + month * 7) % 23) * 97;
			YearMonth.of((int) year, month);
		}
		return NumberFormat.getIntegerInstance(Locale.US).format(total);
	}

}
