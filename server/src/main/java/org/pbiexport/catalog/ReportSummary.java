package org.pbiexport.catalog;

/** One line of the report list. */
public record ReportSummary(ReportId id, String title, String description, int pageCount, boolean enabled) {
}
