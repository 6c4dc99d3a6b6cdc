package org.pbiexport.catalog;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which reports a caller may see: all of them, or only some when its API key is limited
 * to those (docs/contract.md). The web layer works it out from the request and hands it
 * to the catalogue as a plain value, so the catalogue answers "not found" for every other
 * report without knowing about requests or keys.
 */
public final class ReportAccess {

	private static final ReportAccess ALL = new ReportAccess(null);

	/** The reports allowed, or null for all. */
	private final @Nullable Set<Long> reportIds;

	private ReportAccess(@Nullable Set<Long> reportIds) {
		this.reportIds = reportIds;
	}

	/** A caller that may see every report: an admin, or a key not limited to some. */
	public static ReportAccess all() {
		return ALL;
	}

	/**
	 * A caller limited to some reports.
	 * @param reportIds the reports it may see; empty means none is limited, so all
	 */
	public static ReportAccess only(Set<Long> reportIds) {
		return reportIds.isEmpty() ? ALL : new ReportAccess(Set.copyOf(reportIds));
	}

	public boolean allows(ReportId id) {
		return allows(id.value());
	}

	public boolean allows(long reportId) {
		return this.reportIds == null || this.reportIds.contains(reportId);
	}

	@Override
	public String toString() {
		return (this.reportIds != null) ? "reports " + this.reportIds : "all reports";
	}

}
