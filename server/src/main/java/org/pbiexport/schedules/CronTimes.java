package org.pbiexport.schedules;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.pbiexport.web.Text;

import org.springframework.scheduling.support.CronExpression;

/**
 * When a schedule runs: Spring's six-field cron expressions read in a time zone, so that
 * "7:00 in Berlin" stays 7:00 across daylight-saving changes; the times as ISO 8601 with
 * their offset (the API) and in words (the admin page).
 */
final class CronTimes {

	private static final DateTimeFormatter WORDS = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm:ss zzz",
			Locale.ENGLISH);

	private CronTimes() {
	}

	/**
	 * Why the expression cannot be used, in words, or empty when it can; the reason
	 * Spring's parser gives is its argument.
	 */
	static Optional<Text> cronProblem(String cron) {
		try {
			CronExpression.parse(cron);
			return Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.of(Text.of("sched.problem.cron",
					"is not a cron expression of six fields (second minute hour day-of-month month "
							+ "day-of-week), such as \"0 0 7 1 * *\" for 7:00 on the first of each month: "
							+ ex.getMessage(),
					String.valueOf(ex.getMessage())));
		}
	}

	/** The zone, or empty when the name is not one. */
	static Optional<ZoneId> zone(@Nullable String name) {
		if (name == null || name.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(ZoneId.of(name.strip()));
		}
		catch (DateTimeException ex) {
			return Optional.empty();
		}
	}

	/** The next {@code count} run times strictly after {@code after}, in the zone. */
	static List<ZonedDateTime> next(String cron, ZoneId zone, Instant after, int count) {
		CronExpression expression = CronExpression.parse(cron);
		List<ZonedDateTime> times = new ArrayList<>();
		ZonedDateTime time = after.atZone(zone);
		for (int i = 0; i < count; i++) {
			time = expression.next(time);
			if (time == null) {
				break;
			}
			times.add(time);
		}
		return times;
	}

	/** The next run time strictly after {@code after}, or null when there is none. */
	static @Nullable Instant nextAfter(String cron, String zone, Instant after) {
		List<ZonedDateTime> next = next(cron, ZoneId.of(zone), after, 1);
		return next.isEmpty() ? null : next.get(0).toInstant();
	}

	/** {@code 2026-03-29T07:00:00+02:00}. */
	static String iso(ZonedDateTime time) {
		return time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
	}

	/** {@code Sunday 29 March 2026 at 07:00:00 CEST (UTC+02:00)}. */
	static String words(ZonedDateTime time) {
		return words(time, WORDS);
	}

	/** The time in words written with {@code format}, and its offset from UTC. */
	static String words(ZonedDateTime time, DateTimeFormatter format) {
		String offset = time.getOffset().getId();
		return time.format(format) + " (UTC" + ("Z".equals(offset) ? "" : offset) + ")";
	}

}
