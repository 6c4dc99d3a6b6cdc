package org.pbiexport.powerbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The credentials admins store for Power BI (service principals) and Report Servers
 * (Windows accounts), in the metadata database. Their secrets are encrypted by the
 * {@link SecretBox} before they reach the database and only {@link #find(String)}
 * decrypts them, for the code that signs in; everything else sees a
 * {@link CredentialView} that only says a secret is set.
 * <p>
 * The rules of a valid credential ({@link CredentialRules}) apply here, whoever calls:
 * the admin API and the admin pages translate {@link InvalidCredential}'s problems, named
 * by the admin API's field names. Every change is one transaction and is logged with who
 * made it, never with the secret.
 */
@Component
public class CredentialStore implements Credentials {

	private static final Logger log = LoggerFactory.getLogger(CredentialStore.class);

	private final JdbcClient jdbc;

	private final SecretBox box;

	private final Clock clock;

	CredentialStore(JdbcClient jdbc, SecretBox box, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.box = box;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/**
	 * A stored credential without its secret: what lists, pages and API answers show.
	 *
	 * @param secretSet whether a secret is stored (always, for a saved credential)
	 */
	public record CredentialView(String name, CredentialKind kind, String tenantId, String clientId, String username,
			String origin, boolean secretSet, Instant createdAt, Instant updatedAt, String updatedBy) {
	}

	/**
	 * One problem with one field, named as in the admin API ({@code tenant_id},
	 * {@code client_secret}, …). The message never repeats a secret. The message is
	 * English; {@code code} and {@code arguments} name it in the UI's message bundles
	 * (i18n/access), so that the pages can say it in the reader's language.
	 */
	public record Problem(String field, String message, String code, List<?> arguments) {
	}

	/** The name of the field that holds the secret of this kind of credential. */
	public static String secretField(CredentialKind kind) {
		return CredentialRules.secretField(kind);
	}

	/**
	 * What is wrong with a credential as entered, one problem per field, without storing
	 * anything: for callers that check their own input first and want to show every
	 * problem at once.
	 * @param adding whether the credential is new (then its secret is required)
	 */
	public static List<Problem> problems(Credential credential, boolean adding) {
		return CredentialRules.problems(credential, adding);
	}

	/** Every credential, ordered by name, without secrets. */
	@Transactional(readOnly = true)
	public List<CredentialView> list() {
		return this.jdbc.sql("SELECT * FROM credentials ORDER BY LOWER(name), name")
			.query((rs, row) -> view(rs))
			.list();
	}

	@Override
	@Transactional(readOnly = true)
	public java.util.SortedMap<String, CredentialKind> kinds() {
		java.util.SortedMap<String, CredentialKind> kinds = new java.util.TreeMap<>();
		list().forEach((credential) -> kinds.put(credential.name(), credential.kind()));
		return kinds;
	}

	/** The credential without its secret. */
	@Transactional(readOnly = true)
	public Optional<CredentialView> describe(String name) {
		return this.jdbc.sql("SELECT * FROM credentials WHERE name = ?")
			.param(name)
			.query((rs, row) -> view(rs))
			.optional();
	}

	/**
	 * The credential with its secret in clear, for signing in with it; never to be shown.
	 * @throws SecretBox.SecretUnreadable when its secret was stored with another key or
	 * changed outside pbi-export
	 */
	@Transactional(readOnly = true)
	@Override
	public Optional<Credential> find(String name) {
		return this.jdbc.sql("SELECT * FROM credentials WHERE name = ?")
			.param(name)
			.query((rs, row) -> StoredCredential.of(rs))
			.optional()
			.map((stored) -> StoredCredential.withSecret(stored.credential(), stored.secret(this.box)));
	}

	/**
	 * Stores a new credential.
	 * @param credential what the admin entered; its secret is required
	 * @param actor who adds it, for the log and {@code updated_by}
	 * @throws InvalidCredential with one problem per field that is not valid
	 * @throws CredentialExists when the name is taken (names are compared without case)
	 */
	@Transactional
	public CredentialView create(Credential credential, String actor) {
		Credential entered = CredentialRules.normalized(credential);
		InvalidCredential.throwIfAny(CredentialRules.problems(entered, true));
		long now = this.clock.millis();
		String cipher = StoredCredential.seal(this.box, entered.secret(), entered);
		// A write first: on SQLite it takes the database's write lock at once (waiting
		// for
		// it), so the check below cannot be overtaken by another writer. Elsewhere the
		// unique constraint decides a race.
		this.jdbc.sql("UPDATE credentials SET updated_at = updated_at WHERE 1 = 0").update();
		Long sameName = this.jdbc.sql("SELECT COUNT(*) FROM credentials WHERE LOWER(name) = LOWER(?)")
			.param(entered.name())
			.query(Long.class)
			.single();
		if (sameName > 0) {
			throw new CredentialExists(entered.name());
		}
		try {
			this.jdbc.sql("""
					INSERT INTO credentials (name, kind, tenant_id, client_id, username, origin, secret_cipher,
					    created_at, updated_at, updated_by)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(entered.name(), entered.kind().wireName(), entered.tenantId(), entered.clientId(),
						entered.username(), entered.origin(), cipher, now, now, actor)
				.update();
		}
		catch (DataIntegrityViolationException ex) {
			throw new CredentialExists(entered.name());
		}
		log.info("{} added credential '{}' ({})", actor, entered.name(), entered.kind().wireName());
		return describe(entered.name()).orElseThrow();
	}

	/**
	 * Changes a credential. Its name and kind stay (reports name it and expect its kind).
	 * @param name the stored credential's name
	 * @param changed the new fields; a null secret keeps the stored one, a null name or
	 * kind means the stored one
	 * @param actor who changes it, for the log and {@code updated_by}
	 * @throws UnknownCredential when there is no credential of this name
	 * @throws InvalidCredential with one problem per field that is not valid
	 * @throws SecretBox.SecretUnreadable when the secret is kept but cannot be read
	 */
	@Transactional
	public CredentialView update(String name, Credential changed, String actor) {
		// Takes the row's write lock (on SQLite the database's) before reading it.
		if (this.jdbc.sql("UPDATE credentials SET updated_at = updated_at WHERE name = ?").param(name).update() == 0) {
			throw new UnknownCredential(name);
		}
		StoredCredential before = this.jdbc.sql("SELECT * FROM credentials WHERE name = ?")
			.param(name)
			.query((rs, row) -> StoredCredential.of(rs))
			.single();
		CredentialKind kind = (changed.kind() != null) ? changed.kind() : before.credential().kind();
		Credential entered = CredentialRules.normalized(new Credential((changed.name() != null) ? changed.name() : name,
				kind, changed.tenantId(), changed.clientId(), changed.username(), changed.origin(), changed.secret()));
		InvalidCredential.throwIfAny(CredentialRules.problemsOfChange(name, before.credential(), entered));
		String secret = (entered.secret() != null) ? entered.secret() : before.secret(this.box);
		Credential after = StoredCredential.withSecret(entered, secret);
		this.jdbc.sql("""
				UPDATE credentials SET tenant_id = ?, client_id = ?, username = ?, origin = ?, secret_cipher = ?,
				    updated_at = ?, updated_by = ?
				WHERE name = ?""")
			.params(after.tenantId(), after.clientId(), after.username(), after.origin(),
					StoredCredential.seal(this.box, secret, after), this.clock.millis(), actor, name)
			.update();
		log.info("{} changed credential '{}' ({})", actor, name,
				CredentialRules.changedFields(before.credential(), entered));
		return describe(name).orElseThrow();
	}

	/**
	 * Deletes a credential. Whether reports still use it is the caller's to check: this
	 * module knows nothing about reports.
	 * @throws UnknownCredential when there is no credential of this name
	 */
	@Transactional
	public void delete(String name, String actor) {
		if (this.jdbc.sql("DELETE FROM credentials WHERE name = ?").param(name).update() == 0) {
			throw new UnknownCredential(name);
		}
		log.info("{} deleted credential '{}'", actor, name);
	}

	private static CredentialView view(ResultSet rs) throws SQLException {
		String cipher = rs.getString("secret_cipher");
		return new CredentialView(rs.getString("name"), CredentialKind.fromWireName(rs.getString("kind")),
				rs.getString("tenant_id"), rs.getString("client_id"), rs.getString("username"), rs.getString("origin"),
				cipher != null && !cipher.isEmpty(), Instant.ofEpochMilli(rs.getLong("created_at")),
				Instant.ofEpochMilli(rs.getLong("updated_at")), rs.getString("updated_by"));
	}

	/**
	 * A credential as entered is not valid: one {@link Problem} per field, to show beside
	 * the fields or as the admin API's {@code errors}.
	 */
	public static class InvalidCredential extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient List<Problem> problems;

		InvalidCredential(List<Problem> problems) {
			super(problems.stream().map((p) -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")), null,
					false, false);
			this.problems = List.copyOf(problems);
		}

		public List<Problem> problems() {
			return this.problems;
		}

		static void throwIfAny(List<Problem> problems) {
			if (!problems.isEmpty()) {
				throw new InvalidCredential(problems);
			}
		}

	}

	/** A credential of this name exists already (names are compared without case). */
	public static class CredentialExists extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String name;

		CredentialExists(String name) {
			super("A credential named '" + name + "' exists already", null, false, false);
			this.name = name;
		}

		public String name() {
			return this.name;
		}

	}

	/** No credential has this name. */
	public static class UnknownCredential extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String name;

		UnknownCredential(String name) {
			super("There is no credential named '" + name + "'", null, false, false);
			this.name = name;
		}

		public String name() {
			return this.name;
		}

	}

}
