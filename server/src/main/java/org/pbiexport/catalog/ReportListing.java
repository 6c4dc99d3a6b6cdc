package org.pbiexport.catalog;

import java.time.Instant;

/** One line of the admin's report list: what admins sort and search by. */
public record ReportListing(ReportId id, String title, String description, String embedKind, int pageCount,
		int filterCount, boolean enabled, Instant updatedAt, String updatedBy) {
}
