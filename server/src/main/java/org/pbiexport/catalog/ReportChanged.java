package org.pbiexport.catalog;

/**
 * Published after a report was created, updated or deleted and the change committed, so
 * that caches of its renders can be dropped. {@code version} is the new version, or -1
 * when deleted.
 */
public record ReportChanged(ReportId id, long version) {
}
