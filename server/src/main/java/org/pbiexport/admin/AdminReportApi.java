package org.pbiexport.admin;

import java.net.URI;
import java.security.Principal;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.PowerBiBinding;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.catalog.UnknownReport;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialKind;
import org.pbiexport.powerbi.Credentials;
import org.pbiexport.powerbi.EmbedAddresses;
import org.pbiexport.powerbi.PowerBiClient;
import org.pbiexport.powerbi.PowerBiFailed;
import org.pbiexport.web.ApiProblem;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/**
 * The admin JSON API of docs/contract.md: a report with its pages and filters as one
 * document. Only JSON bodies are accepted, which also keeps cross-site forms out.
 */
@RestController
@RequestMapping("/api/admin/reports")
@Tag(name = "Admin", description = "Register and change reports (admins only)")
@SecurityRequirement(name = "basicAuth")
class AdminReportApi {

	private final Catalog catalog;

	private final ReportDocumentReader reader;

	private final Credentials credentials;

	private final PowerBiClient powerbi;

	AdminReportApi(Catalog catalog, EmbedAddresses addresses, Credentials credentials, PowerBiClient powerbi) {
		this.catalog = catalog;
		this.reader = new ReportDocumentReader(addresses, credentials::find);
		this.credentials = credentials;
		this.powerbi = powerbi;
	}

	/**
	 * Power BI's page list of a report as the admin document writes pages
	 * (docs/contract.md 1.1).
	 */
	record PowerBiPages(List<PowerBiPageItem> pages) {
	}

	/**
	 * One page; {@code order} counts from 1 like the admin document's (Power BI's + 1).
	 */
	record PowerBiPageItem(String name, @JsonProperty("display_name") String displayName, int order) {
	}

	@GetMapping("/{report_id}/powerbi-pages")
	@Operation(operationId = "adminPowerBiPages",
			summary = "The report's pages as Power BI's REST API lists them (render modes embedded and export_api)")
	PowerBiPages powerBiPages(@PathVariable("report_id") String reportId) {
		ReportId id = ReportId.parse("report_id", reportId);
		Report report = this.catalog.find(id).orElseThrow(() -> new UnknownReport(id));
		PowerBiBinding binding = report.powerbi();
		Credential principal = (binding.credential() != null) ? this.credentials.find(binding.credential())
			.filter((credential) -> credential.kind() == CredentialKind.SERVICE_PRINCIPAL)
			.orElse(null) : null;
		if ("url".equals(report.renderMode()) || principal == null) {
			throw ApiProblem.conflict("Report " + id + " is not rendered with a service principal (render mode "
					+ report.renderMode() + "): pages can be read from Power BI only for the render modes embedded "
					+ "and export_api, with a service principal credential.");
		}
		try {
			return new PowerBiPages(this.powerbi.pages(principal, binding.workspaceId(), binding.reportId())
				.stream()
				.sorted(Comparator.comparingInt(PowerBiClient.PowerBiPage::order))
				.map((page) -> new PowerBiPageItem(page.name(), page.displayName(), page.order() + 1))
				.toList());
		}
		catch (PowerBiFailed ex) {
			throw new PowerBiRefused(ex.getMessage());
		}
	}

	/** Power BI refused to list the pages: 502 with its message. */
	static final class PowerBiRefused extends ApiProblem {

		PowerBiRefused(String detail) {
			super(HttpStatus.BAD_GATEWAY, "powerbi-error", "Power BI refused", detail, List.of());
		}

	}

	@GetMapping
	@Operation(operationId = "adminListReports", summary = "Every report, enabled or not, ordered by title")
	ReportDocument.SummaryList list() {
		return new ReportDocument.SummaryList(
				this.catalog.allReports().stream().map(ReportDocument.Summary::of).toList());
	}

	@GetMapping("/{report_id}")
	@Operation(operationId = "adminGetReport", summary = "A report with its pages, filters and render settings")
	ReportDocument get(@PathVariable("report_id") String reportId) {
		ReportId id = ReportId.parse("report_id", reportId);
		return ReportDocument.of(this.catalog.find(id).orElseThrow(() -> new UnknownReport(id)));
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "adminCreateReport",
			summary = "Register a report; embed_url takes a link or Power BI's whole iframe snippet",
			responses = @ApiResponse(responseCode = "201", description = "The stored report, with its Location",
					content = @Content(schema = @Schema(implementation = ReportDocument.class))))
	ResponseEntity<ReportDocument> create(
			@RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(schema = @Schema(implementation = ReportInput.class))) JsonNode document,
			Principal admin) {
		ReportDocumentReader.Read read = this.reader.read(document, null);
		Report created = this.catalog.create(read.draft(), admin.getName());
		return ResponseEntity.created(URI.create("/api/admin/reports/" + created.id()))
			.body(ReportDocument.of(created));
	}

	@PutMapping(path = "/{report_id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "adminReplaceReport",
			summary = "Replace a report; send the version you loaded to be told when someone saved meanwhile")
	ReportDocument replace(@PathVariable("report_id") String reportId,
			@RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(schema = @Schema(implementation = ReportInput.class))) JsonNode document,
			Principal admin) {
		ReportId id = ReportId.parse("report_id", reportId);
		Report stored = this.catalog.find(id).orElseThrow(() -> new UnknownReport(id));
		ReportDocumentReader.Read read = this.reader.read(document, stored.draft());
		return ReportDocument.of(this.catalog.update(id, read.draft(), read.version(), admin.getName()));
	}

	@DeleteMapping("/{report_id}")
	@Operation(operationId = "adminDeleteReport", summary = "Delete a report with its pages and filters",
			responses = @ApiResponse(responseCode = "204", description = "Deleted"))
	ResponseEntity<Void> delete(@PathVariable("report_id") String reportId, Principal admin) {
		this.catalog.delete(ReportId.parse("report_id", reportId), admin.getName());
		return ResponseEntity.noContent().build();
	}

}
