package org.pbiexport.demo;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Serves the demo report page and its data. The data answers after a delay, as a real
 * report's queries do, so that renders have something to wait for.
 */
@Controller
class DemoPages {

	private final DemoProperties properties;

	DemoPages(DemoProperties properties) {
		this.properties = properties;
	}

	@GetMapping("/demo/report")
	String report() {
		return "forward:/demo/report.html";
	}

	/**
	 * Answers asynchronously after the delay: several renders waiting on the demo at once
	 * must not each hold one of the server's request threads asleep.
	 */
	@GetMapping("/demo/data")
	@ResponseBody
	CompletableFuture<ResponseEntity<DemoData>> data(@RequestParam(name = "delay_ms", required = false) Long delayMs) {
		Duration delay = this.properties.delay(delayMs);
		Executor later = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS);
		return CompletableFuture.supplyAsync(
				() -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(DemoData.generate()), later);
	}

	/**
	 * Monthly sales by year and region, made up but stable, so filters change the numbers
	 * predictably.
	 */
	record DemoData(List<Row> rows) {

		record Row(long year, String region, String date, int month, long sales, long units) {
		}

		static DemoData generate() {
			List<Row> rows = new ArrayList<>();
			for (long year : DemoReport.YEARS) {
				for (int r = 0; r < DemoReport.REGIONS.size(); r++) {
					for (int month = 1; month <= 12; month++) {
						long base = 12_000 + 3_100L * r + 950L * (year - 2022);
						long seasonal = Math.round(2_500 * Math.sin((month + r) / 12.0 * 2 * Math.PI));
						long sales = base + seasonal + ((year * 31 + r * 17 + month * 7) % 23) * 97;
						long units = sales / (37 + r * 3);
						LocalDate monthEnd = YearMonth.of((int) year, month).atEndOfMonth();
						rows.add(new Row(year, DemoReport.REGIONS.get(r), monthEnd.toString(), month, sales, units));
					}
				}
			}
			return new DemoData(rows);
		}

	}

}
