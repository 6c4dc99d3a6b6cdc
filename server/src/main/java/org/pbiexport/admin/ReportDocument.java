package org.pbiexport.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import org.pbiexport.catalog.CatalogJson.FilterItem;
import org.pbiexport.catalog.CatalogJson.PageItem;
import org.pbiexport.catalog.PowerBiBinding;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportSummary;
import org.pbiexport.powerbi.EmbedKind;

/**
 * The admin API's report document: the read shapes of docs/contract.md plus admin fields.
 * A GET's document can be edited and sent back with PUT as it is; {@code version} then
 * protects against overwriting someone else's save.
 */
record ReportDocument(@JsonProperty("report_id") long reportId, String title, String description, boolean enabled,
		@JsonProperty("render_mode") String renderMode, @JsonProperty("embed_url") String embedUrl,
		@JsonProperty("embed_kind") String embedKind,
		@JsonProperty("embed_kind_description") String embedKindDescription,
		@JsonProperty("url_filters") boolean urlFilters, @JsonProperty("sign_in_needed") boolean signInNeeded,
		List<PageItem> pages, List<FilterItem> filters, @JsonProperty("ready_selector") @Schema(types = {
				"string", "null" }) String readySelector,
		@JsonProperty("settle_ms") @Schema(types = { "integer", "null" }) Integer settleMs,
		@JsonProperty("timeout_ms") @Schema(types = { "integer", "null" }) Integer timeoutMs,
		@JsonProperty("cache_ttl_s") @Schema(types = { "integer", "null" }) Integer cacheTtlS,
		@JsonProperty("hide_panes") @Schema(types = { "boolean", "null" }) Boolean hidePanes,
		@JsonProperty("filter_param") @Schema(types = { "string", "null" }) String filterParam,
		@JsonProperty("allow_boolean_url_filters") boolean allowBooleanUrlFilters,
		@JsonProperty("one_file_per") List<String> oneFilePer, @JsonProperty("warm_sessions") boolean warmSessions,
		long version, @JsonProperty("created_at") Instant createdAt, @JsonProperty("updated_at") Instant updatedAt,
		@JsonProperty("updated_by") @Schema(types = { "string", "null" }) String updatedBy,
		@Schema(types = { "object", "null" }, description = "Power BI ids, credential and row-level-security "
				+ "identity (render modes embedded and export_api; a Windows account for a Report Server in url "
				+ "mode): {workspace_id, report_id, credential, identity: {username, roles}}; null when the report "
				+ "names none") Map<String, Object> powerbi){

	static ReportDocument of(Report report) {
		return new ReportDocument(report.id().value(), report.title(), report.description(), report.enabled(),
				report.renderMode(), report.embedUrl(), report.embedKind(), kind(report).describe(),
				kind(report).supportsUrlFilters(), kind(report).needsSignIn(),
				report.pages().stream().map(PageItem::of).toList(),
				report.filters().stream().map(FilterItem::of).toList(), report.settings().readySelector(),
				report.settings().settleMs(), report.settings().timeoutMs(), report.settings().cacheTtlS(),
				report.settings().hidePanes(), report.settings().filterParam(),
				report.settings().allowBooleanUrlFilters(), report.oneFilePer(), report.warmSessions(),
				report.version(), report.createdAt(), report.updatedAt(), report.updatedBy(),
				powerbi(report.powerbi()));
	}

	/**
	 * The report's {@code powerbi} object (docs/contract.md); null when it names nothing.
	 */
	private static Map<String, Object> powerbi(PowerBiBinding binding) {
		if (binding.isEmpty()) {
			return null;
		}
		Map<String, Object> powerbi = new LinkedHashMap<>();
		powerbi.put("workspace_id", binding.workspaceId());
		powerbi.put("report_id", binding.reportId());
		powerbi.put("credential", binding.credential());
		Map<String, Object> identity = null;
		if (binding.hasIdentity()) {
			identity = new LinkedHashMap<>();
			identity.put("username", binding.identityUsername());
			identity.put("roles", binding.identityRoles());
		}
		powerbi.put("identity", identity);
		return powerbi;
	}

	private static EmbedKind kind(Report report) {
		return EmbedKind.fromWireName(report.embedKind());
	}

	/** One line of the admin list: the public summary plus whether it is enabled. */
	@Schema(name = "AdminReportSummary")
	record Summary(@JsonProperty("report_id") long reportId, String title, String description,
			@JsonProperty("page_count") int pageCount, boolean enabled) {

		static Summary of(ReportSummary summary) {
			return new Summary(summary.id().value(), summary.title(), summary.description(), summary.pageCount(),
					summary.enabled());
		}

	}

	@Schema(name = "AdminReportList")
	record SummaryList(List<Summary> reports) {
	}

}
