package org.pbiexport.admin;

import java.util.Arrays;
import java.util.List;

import org.pbiexport.catalog.PowerBiBinding;

/**
 * The report form's Power BI section as typed: workspace and report ids, the credential
 * and the row-level-security identity (roles one per line). Read as the admin API
 * document's {@code powerbi} object is, so the form and the API accept the same reports.
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

	/**
	 * The {@code powerbi} section as the API's document would give it: null when nothing
	 * is filled in; the identity only when its user name or roles are.
	 */
	PowerBiInput.Section section() {
		if (this.workspaceId.isBlank() && this.reportId.isBlank() && this.credential.isBlank()
				&& this.identityUsername.isBlank()) {
			return null;
		}
		PowerBiInput.Identity identity = (!this.identityUsername.isBlank() || !this.identityRoles.isBlank())
				? new PowerBiInput.Identity(this.identityUsername.trim(), roles()) : null;
		return new PowerBiInput.Section(given(this.workspaceId), given(this.reportId), given(this.credential),
				identity);
	}

	List<String> roles() {
		return Arrays.stream(this.identityRoles.split("\\R"))
			.map(String::trim)
			.filter((role) -> !role.isEmpty())
			.toList();
	}

	private static String given(String value) {
		return value.isBlank() ? null : value.trim();
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
