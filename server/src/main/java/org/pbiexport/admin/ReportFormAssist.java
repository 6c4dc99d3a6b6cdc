package org.pbiexport.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.pbiexport.powerbi.AddressRejected;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialKind;
import org.pbiexport.powerbi.Credentials;
import org.pbiexport.powerbi.EmbedAddress;
import org.pbiexport.powerbi.EmbedAddresses;
import org.pbiexport.powerbi.PowerBiClient;
import org.pbiexport.powerbi.PowerBiFailed;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What the report form asks of Power BI while it is filled in: what kind of address was
 * pasted and what works with it, and the report's pages.
 */
@Component
class ReportFormAssist {

	private final EmbedAddresses addresses;

	private final Credentials credentials;

	private final PowerBiClient powerbi;

	private final AdminTexts texts;

	ReportFormAssist(EmbedAddresses addresses, Credentials credentials, PowerBiClient powerbi, AdminTexts texts) {
		this.addresses = addresses;
		this.credentials = credentials;
		this.powerbi = powerbi;
		this.texts = texts;
	}

	/**
	 * Puts the pages Power BI lists for the form's report in place of the form's (sizes
	 * of pages that were there already are kept; Power BI's list has none), or says in
	 * words why it could not.
	 */
	void takePagesFromPowerBi(ReportForm form, Model model) {
		PowerBiFields fields = form.getPowerbi();
		String workspaceId = fields.getWorkspaceId().trim();
		String reportId = fields.getReportId().trim();
		if ((workspaceId.isEmpty() || reportId.isEmpty()) && !form.getEmbedUrl().isBlank()) {
			try {
				EmbedAddress address = this.addresses.classify(form.getEmbedUrl());
				workspaceId = workspaceId.isEmpty() ? String.valueOf(address.groupId()) : workspaceId;
				reportId = reportId.isEmpty() ? String.valueOf(address.reportId()) : reportId;
			}
			catch (AddressRejected ex) {
				// the ids stay missing and are asked for below
			}
		}
		Optional<Credential> principal = this.credentials.find(fields.getCredential().trim())
			.filter((credential) -> credential.kind() == CredentialKind.SERVICE_PRINCIPAL);
		if (workspaceId.isEmpty() || reportId.isEmpty() || principal.isEmpty()) {
			model.addAttribute("pagesProblem", this.texts.text("form.pages.missing"));
			return;
		}
		try {
			List<PowerBiClient.PowerBiPage> pages = this.powerbi.pages(principal.get(), workspaceId, reportId);
			Map<String, PageFields> known = new LinkedHashMap<>();
			form.getPages().forEach((row) -> known.put(row.getName().trim(), row));
			form.replacePages(pages.stream()
				.sorted(java.util.Comparator.comparingInt(PowerBiClient.PowerBiPage::order))
				.map((page) -> PageFields.fromPowerBi(page.name(), page.displayName(), known.get(page.name())))
				.toList());
			model.addAttribute("pagesNotice", this.texts.text("form.pages.took", pages.size()));
		}
		catch (PowerBiFailed ex) {
			model.addAttribute("pagesProblem", this.texts.text("form.pages.failed", ex.getMessage()));
		}
	}

	/**
	 * What the admin pasted, as the form shows it: the kind and what works for it, or why
	 * not.
	 */
	Map<String, Object> embed(String embedUrl) {
		Map<String, Object> embed = new LinkedHashMap<>();
		if (embedUrl == null || embedUrl.isBlank()) {
			return embed;
		}
		try {
			EmbedAddress address = this.addresses.classify(embedUrl);
			embed.put("kind", address.kind().wireName().replace('_', ' '));
			embed.put("description",
					this.texts.textOr("embed.kind." + address.kind().wireName(), address.kind().describe()));
			List<String> works = new ArrayList<>();
			works.add(this.texts
				.text(address.kind().supportsUrlFilters() ? "embed.url-filters" : "embed.no-url-filters"));
			works.add(this.texts
				.text(address.kind().supportsPageChoice() ? "embed.page-choice" : "embed.no-page-choice"));
			works.add(this.texts.text(address.kind().needsSignIn() ? "embed.sign-in" : "embed.no-sign-in"));
			embed.put("works", works);
			embed.put("url", address.url());
			embed.put("filters", address.kind().supportsUrlFilters());
		}
		catch (AddressRejected ex) {
			embed.put("problem", ex.getMessage());
		}
		return embed;
	}

}
