package org.pbiexport.catalog;

/** The identity of a registered report, as clients see it in {@code report_id}. */
public record ReportId(long value) {

	public ReportId {
		if (value <= 0) {
			throw new IllegalArgumentException("report id must be positive");
		}
	}

	/**
	 * Reads a report id from a path or query parameter, naming the field when it is not
	 * one.
	 * @throws InvalidReportId when {@code text} is not a positive whole number
	 */
	public static ReportId parse(String field, String text) {
		try {
			long value = Long.parseLong(text.trim());
			if (value > 0) {
				return new ReportId(value);
			}
		}
		catch (NumberFormatException ex) {
			// fall through to the client error
		}
		throw new InvalidReportId(field, "must be a positive whole number, got '" + abbreviate(text) + "'");
	}

	private static String abbreviate(String text) {
		return (text.length() <= 40) ? text : text.substring(0, 40) + "…";
	}

	@Override
	public String toString() {
		return Long.toString(this.value);
	}

}
