package org.pbiexport.powerbi;

import org.jspecify.annotations.Nullable;

/**
 * The kinds of stored credential (docs/contract.md): a service principal that signs in to
 * Entra ID for the {@code embedded} and {@code export_api} render modes, and a Windows
 * account that signs in to a Report Server in {@code url} mode.
 */
public enum CredentialKind {

	SERVICE_PRINCIPAL("service_principal"), WINDOWS("windows");

	private final String wireName;

	CredentialKind(String wireName) {
		this.wireName = wireName;
	}

	/** The name in JSON documents: {@code service_principal} or {@code windows}. */
	public String wireName() {
		return this.wireName;
	}

	/** The kind with this wire name, or null when there is none. */
	public static @Nullable CredentialKind fromWireName(String name) {
		for (CredentialKind kind : values()) {
			if (kind.wireName.equals(name)) {
				return kind;
			}
		}
		return null;
	}

}
