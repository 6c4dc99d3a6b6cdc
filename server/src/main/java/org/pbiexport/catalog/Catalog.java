package org.pbiexport.catalog;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The catalogue of reports: the one way other modules read and change reports, pages and
 * filters. Every read sees one consistent snapshot (a report is never seen half-updated),
 * every write is one transaction, and every committed change publishes a
 * {@link ReportChanged}.
 */
@Service
public class Catalog {

	private final ReportRepository reports;

	private final ReportHistory history;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	/** Reports read recently, reused only while their stored version is unchanged. */
	private final Cache<ReportId, Report> recent = Caffeine.newBuilder().maximumSize(1_000).build();

	Catalog(ReportRepository reports, ReportHistory history, ApplicationEventPublisher events, Optional<Clock> clock) {
		this.reports = reports;
		this.history = history;
		this.events = events;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/**
	 * Enabled reports the caller may see, ordered by title: what the public API lists.
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public List<ReportSummary> enabledReports(ReportAccess access) {
		return this.reports.summaries(true).stream().filter((report) -> access.allows(report.id())).toList();
	}

	/** Every report, enabled or not, ordered by title: what admins list. */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public List<ReportSummary> allReports() {
		return this.reports.summaries(false);
	}

	/**
	 * Every report with what admins sort and search by, ordered by title.
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public List<ReportListing> listing() {
		return this.reports.listing();
	}

	/**
	 * The reports that name the credential in their Power BI settings, ordered by title:
	 * a credential in use cannot be deleted.
	 */
	@Transactional(readOnly = true)
	public List<ReportSummary> reportsUsingCredential(String credential) {
		return this.reports.usingCredential(credential);
	}

	/**
	 * A report, enabled or not, with its pages and filters as one consistent snapshot.
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public Optional<Report> find(ReportId id) {
		return this.reports.find(id);
	}

	/**
	 * A report that clients may use: enabled and one the caller may see, or else
	 * {@link UnknownReport} (a caller limited to some reports does not learn that the
	 * others exist). The hot path of every export: a report read before is reused when
	 * its stored version is still the same (one primary-key lookup), so a change is seen
	 * at once and a reader never mixes two versions.
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public Report enabledReport(ReportId id, ReportAccess access) {
		if (!access.allows(id)) {
			throw new UnknownReport(id);
		}
		Long version = this.reports.version(id).orElseThrow(() -> new UnknownReport(id));
		Report known = this.recent.getIfPresent(id);
		Report report = (known != null && known.version() == version) ? known
				: this.reports.find(id).orElseThrow(() -> new UnknownReport(id));
		this.recent.put(id, report);
		if (!report.enabled()) {
			throw new UnknownReport(id);
		}
		return report;
	}

	/**
	 * Stores a new report.
	 * @throws InvalidDraft when the draft breaks a rule of {@link ReportRules}; nothing
	 * is written
	 */
	@Transactional
	public Report create(ReportDraft draft, String actor) {
		ReportRules.require(draft);
		ReportId id = this.reports.insert(draft, this.clock.instant(), actor);
		Report created = this.reports.find(id).orElseThrow();
		this.history.record(id, draft.title(), created.updatedAt(), actor, "created", ReportChanges.created(draft));
		this.events.publishEvent(new ReportChanged(id, created.version()));
		return created;
	}

	/**
	 * Replaces a report's content. A "one file per" column whose filter the edit removes
	 * is dropped from {@link ReportOptions#oneFilePer()} rather than refused.
	 * @param expectedVersion the version the admin edited, or null to overwrite whatever
	 * is stored
	 * @throws InvalidDraft when the draft breaks a rule of {@link ReportRules}; nothing
	 * is written
	 * @throws UnknownReport when there is no such report
	 * @throws ReportChangedMeanwhile when it was saved since {@code expectedVersion}
	 */
	@Transactional
	public Report update(ReportId id, ReportDraft edited, @Nullable Long expectedVersion, String actor) {
		this.reports.lock(id);
		Report before = this.reports.find(id).orElseThrow(() -> new UnknownReport(id));
		ReportDraft draft = edited.asEditOf(before.draft());
		ReportRules.require(draft);
		if (!this.reports.update(id, draft, expectedVersion, this.clock.instant(), actor)) {
			long stored = this.reports.version(id).orElseThrow(() -> new UnknownReport(id));
			throw new ReportChangedMeanwhile(id, expectedVersion, stored);
		}
		Report updated = this.reports.find(id).orElseThrow();
		List<FieldChange> changes = ReportChanges.between(before.draft(), draft);
		if (!changes.isEmpty()) {
			this.history.record(id, draft.title(), updated.updatedAt(), actor, "updated", changes);
		}
		this.events.publishEvent(new ReportChanged(id, updated.version()));
		return updated;
	}

	/**
	 * Deletes a report with its pages and filters; its history stays.
	 * @throws UnknownReport when there is no such report
	 */
	@Transactional
	public void delete(ReportId id, String actor) {
		this.reports.lock(id);
		Report before = this.reports.find(id).orElseThrow(() -> new UnknownReport(id));
		if (!this.reports.delete(id)) {
			throw new UnknownReport(id);
		}
		this.history.record(id, before.title(), this.clock.instant(), actor, "deleted",
				ReportChanges.deleted(before.draft()));
		this.events.publishEvent(new ReportChanged(id, -1));
	}

}
