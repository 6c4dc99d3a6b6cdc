package org.pbiexport.powerbi;

import org.jspecify.annotations.Nullable;

/**
 * A stored credential with its secret in clear. It exists only in memory, on its way to
 * Entra ID, Power BI or a Report Server: it is never serialised, logged or answered, and
 * {@link #toString()} leaves the secret out.
 *
 * @param name the admin's name for it, unique ({@code contoso-sp})
 * @param kind service principal or Windows account
 * @param tenantId the Entra tenant (service principals)
 * @param clientId the app registration's client id (service principals)
 * @param username the account (Windows, e.g. {@code CONTOSO\svc-export})
 * @param origin the only origin the account is sent to (Windows, e.g.
 * {@code https://reports.contoso.local})
 * @param secret the client secret or password
 */
public record Credential(@Nullable String name, @Nullable CredentialKind kind, @Nullable String tenantId,
		@Nullable String clientId, @Nullable String username, @Nullable String origin, @Nullable String secret) {

	@Override
	public String toString() {
		return "Credential[name=" + this.name + ", kind=" + this.kind + ", tenantId=" + this.tenantId + ", clientId="
				+ this.clientId + ", username=" + this.username + ", origin=" + this.origin + ", secret=(hidden)]";
	}

}
