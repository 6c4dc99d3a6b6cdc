package org.pbiexport.catalog;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a report names in Power BI besides its address (docs/contract.md,
 * {@code powerbi}): the workspace and report ids that the {@code embedded} and
 * {@code export_api} render modes call the REST API with, the stored credential to sign
 * in with (a service principal, or for a Report Server in {@code url} mode a Windows
 * account), and the effective identity for row-level security. Every part is null when
 * not set.
 *
 * @param workspaceId the workspace (group) id, a GUID
 * @param reportId Power BI's report id, a GUID
 * @param credential the name of a stored credential
 * @param identityUsername the user whose rows a row-level-security dataset shows
 * @param identityRoles that user's roles (empty without an identity)
 */
public record PowerBiBinding(@Nullable String workspaceId, @Nullable String reportId, @Nullable String credential,
		@Nullable String identityUsername, List<String> identityRoles) {

	/** A report that names nothing in Power BI: a plain {@code url} report. */
	public static final PowerBiBinding NONE = new PowerBiBinding(null, null, null, null, List.of());

	public PowerBiBinding {
		identityRoles = (identityRoles != null) ? List.copyOf(identityRoles) : List.of();
	}

	/** Whether nothing is set. */
	public boolean isEmpty() {
		return this.workspaceId == null && this.reportId == null && this.credential == null
				&& this.identityUsername == null;
	}

	/** Whether an effective identity for row-level security is set. */
	public boolean hasIdentity() {
		return this.identityUsername != null;
	}

}
