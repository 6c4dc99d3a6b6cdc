package org.pbiexport.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Reads and writes reports with plain, parameterised SQL that runs unchanged on SQLite,
 * PostgreSQL and MariaDB/MySQL; their pages and filters through {@link PagesAndFilters}.
 * Transactions are the caller's ({@link Catalog}).
 */
@Repository
class ReportRepository {

	private final JdbcClient jdbc;

	private final PagesAndFilters pagesAndFilters;

	ReportRepository(JdbcClient jdbc, PagesAndFilters pagesAndFilters) {
		this.jdbc = jdbc;
		this.pagesAndFilters = pagesAndFilters;
	}

	List<ReportSummary> summaries(boolean enabledOnly) {
		return summaries(enabledOnly ? "WHERE r.enabled = ? " : "", enabledOnly ? List.of(true) : List.of());
	}

	/** Every report, enabled or not, that names the credential. */
	List<ReportSummary> usingCredential(String credential) {
		return summaries("WHERE r.pbi_credential = ? ", List.of(credential));
	}

	private List<ReportSummary> summaries(String where, List<Object> params) {
		String sql = """
				SELECT r.id, r.title, r.description, r.enabled,
				       (SELECT COUNT(*) FROM report_pages p WHERE p.report_id = r.id) AS page_count
				FROM reports r
				""" + where + "ORDER BY LOWER(r.title), r.id";
		return this.jdbc.sql(sql)
			.params(params)
			.query((rs, row) -> new ReportSummary(new ReportId(rs.getLong("id")), rs.getString("title"),
					rs.getString("description"), rs.getInt("page_count"), rs.getBoolean("enabled")))
			.list();
	}

	List<ReportListing> listing() {
		return this.jdbc.sql("""
				SELECT r.id, r.title, r.description, r.embed_kind, r.enabled, r.updated_at, r.updated_by,
				       (SELECT COUNT(*) FROM report_pages p WHERE p.report_id = r.id) AS page_count,
				       (SELECT COUNT(*) FROM report_filters f WHERE f.report_id = r.id) AS filter_count
				FROM reports r ORDER BY LOWER(r.title), r.id
				""")
			.query((rs, row) -> new ReportListing(new ReportId(rs.getLong("id")), rs.getString("title"),
					rs.getString("description"), rs.getString("embed_kind"), rs.getInt("page_count"),
					rs.getInt("filter_count"), rs.getBoolean("enabled"), Instant.ofEpochMilli(rs.getLong("updated_at")),
					rs.getString("updated_by")))
			.list();
	}

	Optional<Report> find(ReportId id) {
		Optional<ReportRow> row = this.jdbc.sql("SELECT * FROM reports WHERE id = ?")
			.param(id.value())
			.query(ReportRepository::reportRow)
			.optional();
		return row.map((report) -> report.toReport(this.pagesAndFilters.pages(id), this.pagesAndFilters.filters(id)));
	}

	Optional<Long> version(ReportId id) {
		return this.jdbc.sql("SELECT version FROM reports WHERE id = ?").param(id.value()).query(Long.class).optional();
	}

	ReportId insert(ReportDraft draft, Instant now, String actor) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO reports (title, description, embed_url, embed_kind, render_mode, ready_selector,
				    settle_ms, timeout_ms, cache_ttl_s, hide_panes, filter_param, allow_boolean_url_filters,
				    enabled, created_at, updated_at, updated_by, version, pbi_workspace_id, pbi_report_id,
				    pbi_credential, rls_username, rls_roles, one_file_per, warm_sessions)
				VALUES (:title, :description, :embedUrl, :embedKind, :renderMode, :readySelector,
				    :settleMs, :timeoutMs, :cacheTtlS, :hidePanes, :filterParam, :allowBoolean,
				    :enabled, :now, :now, :actor, 1, :pbiWorkspace, :pbiReport, :pbiCredential, :rlsUsername,
				    :rlsRoles, :oneFilePer, :warmSessions)
				""").params(columns(draft, now, actor)).update(keys, "id");
		ReportId id = new ReportId(keys.getKeyAs(Number.class).longValue());
		this.pagesAndFilters.insert(id, draft);
		return id;
	}

	/**
	 * Takes the report's write lock before anything is read (on SQLite the whole
	 * database's), so that a change can read the report as it was and then write without
	 * upgrading a read lock, which would fail under concurrent writers.
	 */
	void lock(ReportId id) {
		this.jdbc.sql("UPDATE reports SET version = version WHERE id = ?").param(id.value()).update();
	}

	/**
	 * Replaces a report's content. The first statement writes, so that on SQLite the
	 * transaction takes the write lock at once (and waits for it) instead of failing when
	 * it later upgrades.
	 * @return false when no report with this id (and version, when given) exists
	 */
	boolean update(ReportId id, ReportDraft draft, Long expectedVersion, Instant now, String actor) {
		Map<String, Object> columns = columns(draft, now, actor);
		columns.put("id", id.value());
		columns.put("expected", expectedVersion);
		int updated = this.jdbc.sql("""
				UPDATE reports SET title = :title, description = :description, embed_url = :embedUrl,
				    embed_kind = :embedKind, render_mode = :renderMode, ready_selector = :readySelector,
				    settle_ms = :settleMs, timeout_ms = :timeoutMs, cache_ttl_s = :cacheTtlS,
				    hide_panes = :hidePanes, filter_param = :filterParam,
				    allow_boolean_url_filters = :allowBoolean, enabled = :enabled, updated_at = :now,
				    updated_by = :actor, version = version + 1, pbi_workspace_id = :pbiWorkspace,
				    pbi_report_id = :pbiReport, pbi_credential = :pbiCredential, rls_username = :rlsUsername,
				    rls_roles = :rlsRoles, one_file_per = :oneFilePer, warm_sessions = :warmSessions
				WHERE id = :id""" + ((expectedVersion != null) ? " AND version = :expected" : ""))
			.params(columns)
			.update();
		if (updated == 0) {
			return false;
		}
		this.pagesAndFilters.delete(id);
		this.pagesAndFilters.insert(id, draft);
		return true;
	}

	boolean delete(ReportId id) {
		this.pagesAndFilters.delete(id);
		return this.jdbc.sql("DELETE FROM reports WHERE id = ?").param(id.value()).update() > 0;
	}

	private static Map<String, Object> columns(ReportDraft draft, Instant now, String actor) {
		RenderSettings settings = draft.settings();
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("title", draft.title());
		columns.put("description", draft.description());
		columns.put("embedUrl", draft.embedUrl());
		columns.put("embedKind", draft.embedKind());
		columns.put("renderMode", draft.renderMode());
		columns.put("readySelector", settings.readySelector());
		columns.put("settleMs", settings.settleMs());
		columns.put("timeoutMs", settings.timeoutMs());
		columns.put("cacheTtlS", settings.cacheTtlS());
		columns.put("hidePanes", settings.hidePanes());
		columns.put("filterParam", settings.filterParam());
		columns.put("allowBoolean", settings.allowBooleanUrlFilters());
		columns.put("enabled", draft.enabled());
		PowerBiBinding powerbi = draft.powerbi();
		columns.put("pbiWorkspace", powerbi.workspaceId());
		columns.put("pbiReport", powerbi.reportId());
		columns.put("pbiCredential", powerbi.credential());
		columns.put("rlsUsername", powerbi.identityUsername());
		columns.put("rlsRoles", powerbi.hasIdentity() ? String.join("\n", powerbi.identityRoles()) : null);
		ReportOptions options = draft.options();
		columns.put("oneFilePer", options.oneFilePer().isEmpty() ? null : String.join("\n", options.oneFilePer()));
		columns.put("warmSessions", options.warmSessions());
		columns.put("now", now.toEpochMilli());
		columns.put("actor", actor);
		return columns;
	}

	private static ReportRow reportRow(ResultSet rs, int row) throws SQLException {
		RenderSettings settings = new RenderSettings(rs.getString("ready_selector"), integer(rs, "settle_ms"),
				integer(rs, "timeout_ms"), integer(rs, "cache_ttl_s"), bool(rs, "hide_panes"),
				rs.getString("filter_param"), rs.getBoolean("allow_boolean_url_filters"));
		return new ReportRow(new ReportId(rs.getLong("id")), rs.getString("title"), rs.getString("description"),
				rs.getString("embed_url"), rs.getString("embed_kind"), rs.getString("render_mode"), settings,
				rs.getBoolean("enabled"), Instant.ofEpochMilli(rs.getLong("created_at")),
				Instant.ofEpochMilli(rs.getLong("updated_at")), rs.getString("updated_by"), rs.getLong("version"),
				powerbi(rs), options(rs));
	}

	private static ReportOptions options(ResultSet rs) throws SQLException {
		String oneFilePer = rs.getString("one_file_per");
		return new ReportOptions(
				(oneFilePer == null || oneFilePer.isEmpty()) ? List.of() : List.of(oneFilePer.split("\n")),
				rs.getBoolean("warm_sessions"));
	}

	private static PowerBiBinding powerbi(ResultSet rs) throws SQLException {
		String roles = rs.getString("rls_roles");
		return new PowerBiBinding(rs.getString("pbi_workspace_id"), rs.getString("pbi_report_id"),
				rs.getString("pbi_credential"), rs.getString("rls_username"),
				(roles == null || roles.isEmpty()) ? List.of() : List.of(roles.split("\n")));
	}

	private static Integer integer(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	private static Boolean bool(ResultSet rs, String column) throws SQLException {
		boolean value = rs.getBoolean(column);
		return rs.wasNull() ? null : value;
	}

	private record ReportRow(ReportId id, String title, String description, String embedUrl, String embedKind,
			String renderMode, RenderSettings settings, boolean enabled, Instant createdAt, Instant updatedAt,
			String updatedBy, long version, PowerBiBinding powerbi, ReportOptions options) {

		Report toReport(List<Page> pages, List<Filter> filters) {
			return new Report(this.id, this.title, this.description, this.embedUrl, this.embedKind, this.renderMode,
					this.settings, this.enabled, pages, filters, this.createdAt, this.updatedAt, this.updatedBy,
					this.version, this.powerbi, this.options);
		}

	}

}
