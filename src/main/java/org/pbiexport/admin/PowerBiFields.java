package org.pbiexport.admin;

import java.util.Arrays;
import java.util.List;

import org.pbiexport.catalog.PowerBiBinding;

import tools.jackson.databind.node.ObjectNode;

/**
 * The report form's Power BI section as typed: workspace and report ids, the credential
 * and the row-level-security identity (roles one per line). Turned into the admin API
 * document's {@code powerbi} object, so the form and the API accept the same reports.
 */
public class PowerBiFields {

	private String workspaceId = "";

	private String reportId = "";

	private String credential = "";

	private String identityUsername = "";

	private String identityRoles = "";

	static PowerBiFields of(PowerBiBinding binding) {
		PowerBiFields fields = new PowerBiFields();
		fields.workspaceId = text(binding.workspaceId());
		fields.reportId = text(binding.reportId());
		fields.credential = text(binding.credential());
		fields.identityUsername = text(binding.identityUsername());
		fields.identityRoles = String.join("\n", binding.identityRoles());
		return fields;
	}

	/** Adds the {@code powerbi} object to the document when anything is filled in. */
	void addTo(ObjectNode document) {
		if (this.workspaceId.isBlank() && this.reportId.isBlank() && this.credential.isBlank()
				&& this.identityUsername.isBlank()) {
			return;
		}
		ObjectNode powerbi = document.putObject("powerbi");
		putText(powerbi, "workspace_id", this.workspaceId);
		putText(powerbi, "report_id", this.reportId);
		putText(powerbi, "credential", this.credential);
		if (!this.identityUsername.isBlank() || !this.identityRoles.isBlank()) {
			ObjectNode identity = powerbi.putObject("identity");
			identity.put("username", this.identityUsername.trim());
			roles().forEach(identity.putArray("roles")::add);
		}
	}

	List<String> roles() {
		return Arrays.stream(this.identityRoles.split("\\R"))
			.map(String::trim)
			.filter((role) -> !role.isEmpty())
			.toList();
	}

	private static void putText(ObjectNode node, String name, String value) {
		if (!value.isBlank()) {
			node.put(name, value.trim());
		}
	}

	private static String text(String value) {
		return (value != null) ? value : "";
	}

	public String getWorkspaceId() {
		return this.workspaceId;
	}

	public void setWorkspaceId(String workspaceId) {
		this.workspaceId = text(workspaceId);
	}

	public String getReportId() {
		return this.reportId;
	}

	public void setReportId(String reportId) {
		this.reportId = text(reportId);
	}

	public String getCredential() {
		return this.credential;
	}

	public void setCredential(String credential) {
		this.credential = text(credential);
	}

	public String getIdentityUsername() {
		return this.identityUsername;
	}

	public void setIdentityUsername(String identityUsername) {
		this.identityUsername = text(identityUsername);
	}

	public String getIdentityRoles() {
		return this.identityRoles;
	}

	public void setIdentityRoles(String identityRoles) {
		this.identityRoles = text(identityRoles);
	}

}
