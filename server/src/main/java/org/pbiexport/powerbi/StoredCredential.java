package org.pbiexport.powerbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A credential as the {@code credentials} table holds it: its fields, and its secret
 * sealed by the {@link SecretBox} to every one of them, so that a secret moved to another
 * row, or a row whose origin was changed in the database, cannot be opened.
 *
 * @param credential the stored fields, without the secret
 * @param cipher the sealed secret
 */
record StoredCredential(Credential credential, String cipher) {

	static StoredCredential of(ResultSet rs) throws SQLException {
		return new StoredCredential(new Credential(rs.getString("name"),
				CredentialKind.fromWireName(rs.getString("kind")), rs.getString("tenant_id"), rs.getString("client_id"),
				rs.getString("username"), rs.getString("origin"), null), rs.getString("secret_cipher"));
	}

	/** The secret in clear, sealed to the fields it was stored with. */
	String secret(SecretBox box) {
		return box.open(this.cipher, context(this.credential));
	}

	/** The secret sealed to the fields of this credential, for storing it. */
	static String seal(SecretBox box, String secret, Credential credential) {
		return box.seal(secret, context(credential));
	}

	private static String context(Credential credential) {
		return String.join("\0", "pbi-export credential", credential.name(), credential.kind().wireName(),
				Objects.toString(credential.tenantId(), ""), Objects.toString(credential.clientId(), ""),
				Objects.toString(credential.username(), ""), Objects.toString(credential.origin(), ""));
	}

	static Credential withSecret(Credential credential, String secret) {
		return new Credential(credential.name(), credential.kind(), credential.tenantId(), credential.clientId(),
				credential.username(), credential.origin(), secret);
	}

}
