package org.pbiexport.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import org.jspecify.annotations.Nullable;

/**
 * The report document that {@code POST} and {@code PUT /api/admin/reports} take, as the
 * OpenAPI document shows it (docs/contract.md, Reports), so that generated clients get a
 * typed model instead of "any JSON". It only describes: the body is still read by
 * {@link ReportDocumentReader} from the JSON tree, because binding to a record would lose
 * the contract's one 400 naming every bad field ({@code filters[2].default}). The
 * server-filled fields of a GET's document may be sent back and are ignored; they are not
 * listed here.
 */
@Schema(name = "ReportInput", description = "A report to register or replace; unknown fields are a 400")
record ReportInput(
		@Schema(requiredMode = RequiredMode.REQUIRED, maxLength = 200, example = "Regional sales") String title,
		@Schema(maxLength = 2000, example = "Sales by region and month") @Nullable String description,
		@Schema(defaultValue = "true",
				description = "disabled reports are invisible to the public API") @Nullable Boolean enabled,
		@JsonProperty("render_mode") @Schema(allowableValues = {
				"url", "embedded", "export_api" }, defaultValue = "url") @Nullable String renderMode,
		@JsonProperty("embed_url") @Schema(maxLength = 8000,
				description = "a report address or Power BI's whole `<iframe …>` snippet (its `src` is taken); "
						+ "required in render mode `url`",
				example = "/demo/report") @Nullable String embedUrl,
		@ArraySchema(minItems = 1,
				arraySchema = @Schema(requiredMode = RequiredMode.REQUIRED,
						description = "at least one page")) List<Page> pages,
		@Nullable List<Filter> filters,
		@JsonProperty("ready_selector") @Schema(maxLength = 500,
				description = "a CSS selector that must be present before capture") @Nullable String readySelector,
		@JsonProperty("settle_ms") @Schema(minimum = "0", maximum = "60000",
				description = "quiet time before capture; default `pbi-export.export.settle`") @Nullable Integer settleMs,
		@JsonProperty("timeout_ms") @Schema(minimum = "1000", maximum = "600000",
				description = "the export's time budget") @Nullable Integer timeoutMs,
		@JsonProperty("cache_ttl_s") @Schema(minimum = "0", maximum = "2592000",
				description = "how long a rendered file is reused") @Nullable Integer cacheTtlS,
		@JsonProperty("hide_panes") @Schema(defaultValue = "true",
				description = "hide Power BI's navigation and filter panes") @Nullable Boolean hidePanes,
		@JsonProperty("filter_param") @Schema(description = "the URL parameter carrying the filter, default `filter`",
				example = "$filter") @Nullable String filterParam,
		@JsonProperty("allow_boolean_url_filters") @Schema(
				defaultValue = "false") @Nullable Boolean allowBooleanUrlFilters,
		@Schema(minimum = "0",
				description = "PUT only, optional: the version you loaded; if someone saved since, "
						+ "nothing is written and the answer is 409 report-changed") @Nullable Long version,
		@Schema(description = "the Power BI object of the render modes `embedded` and `export_api`, "
				+ "or a Windows account for a Report Server in mode `url`") @Nullable PowerBi powerbi,
		@JsonProperty("one_file_per") @ArraySchema(arraySchema = @Schema(
				description = "optional: columns of the report's filters")) @Nullable List<String> oneFilePer,
		@JsonProperty("warm_sessions") @Schema(description = "optional, default true: whether exports may reuse "
				+ "a loaded session of the report") @Nullable Boolean warmSessions){

	/** One page of the report. */
	@Schema(name = "ReportInputPage")
	record Page(
			@Schema(requiredMode = RequiredMode.REQUIRED, maxLength = 200,
					description = "Power BI's internal page name, unique in the report",
					example = "ReportSectionA") String name,
			@JsonProperty("display_name") @Schema(description = "default the name",
					example = "Overview") @Nullable String displayName,
			@Schema(minimum = "1", maximum = "10000",
					description = "default the page's position in the list") @Nullable Integer order,
			@Schema(minimum = "100", maximum = "10000", defaultValue = "1280") @Nullable Integer width,
			@Schema(minimum = "100", maximum = "10000", defaultValue = "720") @Nullable Integer height) {
	}

	/** One filter with the values viewers may choose. */
	@Schema(name = "ReportInputFilter")
	record Filter(@Schema(requiredMode = RequiredMode.REQUIRED, example = "Channel") String label,
			@Schema(requiredMode = RequiredMode.REQUIRED, example = "Sales Channel") String table,
			@Schema(requiredMode = RequiredMode.REQUIRED,
					description = "unique in the report; names starting with INF are refused",
					example = "channel") String column,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {
					"text", "integer", "decimal", "date", "datetime", "boolean" }) String type,
			@Schema(defaultValue = "false") @Nullable Boolean multiple,
			@Schema(defaultValue = "false") @Nullable Boolean required,
			@JsonProperty("allowed_values") @ArraySchema(minItems = 1, uniqueItems = true,
					arraySchema = @Schema(requiredMode = RequiredMode.REQUIRED,
							description = "values of the filter's type: numbers, strings (dates as YYYY-MM-DD or "
									+ "YYYY-MM-DDThh:mm:ss), booleans",
							example = "[\"Online\", \"Retail\"]")) List<Object> allowedValues,
			@JsonProperty("default") @Schema(types = { "string", "number", "integer", "boolean", "array", "null" },
					description = "null, one allowed value, or a list of them when multiple") @Nullable Object defaultValue){
	}

	/** Power BI's ids, the credential and the row-level-security identity. */
	@Schema(name = "ReportPowerBi")
	record PowerBi(@JsonProperty("workspace_id") @Schema(
			description = "a GUID; may be taken from a secure-embed or " + "service link") @Nullable String workspaceId,
			@JsonProperty("report_id") @Schema(description = "a GUID; may be taken from a secure-embed or "
					+ "service link") @Nullable String reportId,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "the name of a stored credential",
					example = "contoso-sp") String credential,
			@Nullable Identity identity) {
	}

	/** The effective identity for row-level security. */
	@Schema(name = "ReportPowerBiIdentity")
	record Identity(
			@Schema(requiredMode = RequiredMode.REQUIRED, minLength = 1, maxLength = 256,
					example = "someone@contoso.com") String username,
			@ArraySchema(maxItems = 50,
					arraySchema = @Schema(example = "[\"Region manager\"]")) @Nullable List<String> roles) {
	}

}
