package org.pbiexport.powerbi;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
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
 * The rules of a valid credential live here, whoever calls: the admin API and the admin
 * pages translate {@link InvalidCredential}'s problems, named by the admin API's field
 * names. Every change is one transaction and is logged with who made it, never with the
 * secret.
 */
@Component
public class CredentialStore implements Credentials {

	private static final Logger log = LoggerFactory.getLogger(CredentialStore.class);

	/** What a credential's name may be: reports name it, in JSON and in URLs. */
	public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

	/** Longest client secret or password accepted. */
	public static final int MAX_SECRET_LENGTH = 1000;

	static final int MAX_USERNAME_LENGTH = 200;

	static final int MAX_ORIGIN_LENGTH = 300;

	private static final Pattern GUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern DOMAIN = Pattern
		.compile("(?=.{3,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

	/** Characters that break HTTP credentials ({@code user:password}) or logs. */
	private static final Pattern BAD_USERNAME = Pattern.compile("[:\\p{Cntrl}]");

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
	 * {@code client_secret}, …). The message never repeats a secret.
	 */
	public record Problem(String field, String message) {
	}

	/** The name of the field that holds the secret of this kind of credential. */
	public static String secretField(CredentialKind kind) {
		return (kind == CredentialKind.WINDOWS) ? "password" : "client_secret";
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
			.query((rs, row) -> stored(rs))
			.optional()
			.map((stored) -> withSecret(stored.credential(),
					this.box.open(stored.cipher(), context(stored.credential()))));
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
		Credential entered = normalized(credential);
		InvalidCredential.throwIfAny(problems(entered, true));
		long now = this.clock.millis();
		String cipher = this.box.seal(entered.secret(), context(entered));
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
		Stored before = this.jdbc.sql("SELECT * FROM credentials WHERE name = ?")
			.param(name)
			.query((rs, row) -> stored(rs))
			.single();
		CredentialKind kind = (changed.kind() != null) ? changed.kind() : before.credential().kind();
		Credential entered = normalized(new Credential((changed.name() != null) ? changed.name() : name, kind,
				changed.tenantId(), changed.clientId(), changed.username(), changed.origin(), changed.secret()));
		List<Problem> problems = new ArrayList<>();
		if (!name.equals(entered.name())) {
			problems.add(new Problem("name", "cannot be changed, as reports name the credential; "
					+ "add a new credential with the new name instead"));
		}
		if (kind != before.credential().kind()) {
			problems.add(new Problem("kind", "cannot be changed from " + before.credential().kind().wireName()
					+ "; add a new credential of the other kind instead"));
		}
		problems.addAll(problems(entered, false));
		InvalidCredential.throwIfAny(problems);
		String secret = (entered.secret() != null) ? entered.secret()
				: this.box.open(before.cipher(), context(before.credential()));
		Credential after = withSecret(entered, secret);
		this.jdbc.sql("""
				UPDATE credentials SET tenant_id = ?, client_id = ?, username = ?, origin = ?, secret_cipher = ?,
				    updated_at = ?, updated_by = ?
				WHERE name = ?""")
			.params(after.tenantId(), after.clientId(), after.username(), after.origin(),
					this.box.seal(secret, context(after)), this.clock.millis(), actor, name)
			.update();
		log.info("{} changed credential '{}' ({})", actor, name, changes(before.credential(), entered));
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

	/**
	 * What is wrong with a credential as entered, one problem per field, without storing
	 * anything: for callers that check their own input first and want to show every
	 * problem at once.
	 * @param adding whether the credential is new (then its secret is required)
	 */
	public static List<Problem> problems(Credential credential, boolean adding) {
		Credential entered = normalized(credential);
		List<Problem> problems = new ArrayList<>();
		if (entered.name() == null) {
			problems.add(new Problem("name", "is required"));
		}
		else if (!NAME.matcher(entered.name()).matches()) {
			problems.add(new Problem("name",
					"must be 1 to 100 letters, digits, dots, hyphens or underscores, such as contoso-sp"));
		}
		CredentialKind kind = entered.kind();
		if (kind == null) {
			problems.add(new Problem("kind", "is required: service_principal or windows"));
			return problems;
		}
		if (kind == CredentialKind.SERVICE_PRINCIPAL) {
			if (entered.tenantId() == null) {
				problems
					.add(new Problem("tenant_id", "is required: the directory (tenant) id of the app registration"));
			}
			else if (!GUID.matcher(entered.tenantId()).matches() && !DOMAIN.matcher(entered.tenantId()).matches()) {
				problems.add(new Problem("tenant_id",
						"must be the tenant's id (a GUID) or one of its domain names, such as contoso.onmicrosoft.com"));
			}
			if (entered.clientId() == null) {
				problems
					.add(new Problem("client_id", "is required: the application (client) id of the app registration"));
			}
			else if (!GUID.matcher(entered.clientId()).matches()) {
				problems.add(new Problem("client_id",
						"must be the application (client) id of the app registration, a GUID"));
			}
			notOfThisKind(entered.username(), "username", kind, problems);
			notOfThisKind(entered.origin(), "origin", kind, problems);
		}
		else {
			if (entered.username() == null) {
				problems.add(new Problem("username", "is required, such as CONTOSO\\svc-export"));
			}
			else if (entered.username().length() > MAX_USERNAME_LENGTH) {
				problems.add(new Problem("username", "must be at most " + MAX_USERNAME_LENGTH + " characters"));
			}
			else if (BAD_USERNAME.matcher(entered.username()).find()) {
				problems.add(new Problem("username", "must not contain ':' or control characters"));
			}
			if (entered.origin() == null) {
				problems.add(new Problem("origin", "is required: the Report Server's origin, such as "
						+ "https://reports.contoso.local; the account is sent there and nowhere else"));
			}
			else if (entered.origin().length() > MAX_ORIGIN_LENGTH || origin(entered.origin()) == null) {
				problems.add(new Problem("origin", "must be an origin: http:// or https://, the host and an optional "
						+ "port, and nothing else (no path), such as https://reports.contoso.local"));
			}
			notOfThisKind(entered.tenantId(), "tenant_id", kind, problems);
			notOfThisKind(entered.clientId(), "client_id", kind, problems);
		}
		String secretField = secretField(kind);
		if (entered.secret() == null) {
			if (adding) {
				problems.add(new Problem(secretField, "is required when adding a credential"));
			}
		}
		else if (entered.secret().isBlank()) {
			problems.add(new Problem(secretField,
					adding ? "must not be empty" : "must not be empty; leave it out to keep the stored one"));
		}
		else if (entered.secret().length() > MAX_SECRET_LENGTH) {
			problems.add(new Problem(secretField, "must be at most " + MAX_SECRET_LENGTH + " characters"));
		}
		return problems;
	}

	private static void notOfThisKind(String value, String field, CredentialKind kind, List<Problem> problems) {
		if (value != null) {
			problems.add(new Problem(field,
					"is not a field of a " + kind.wireName().replace('_', ' ') + " credential; leave it out"));
		}
	}

	/**
	 * The credential with its text fields trimmed (empty means absent), GUIDs, domains
	 * and origins in lower case, and the origin without a default port, as browsers write
	 * origins. Secrets are kept exactly as entered.
	 */
	private static Credential normalized(Credential credential) {
		String origin = clean(credential.origin());
		String normalizedOrigin = (origin != null) ? origin(origin) : null;
		return new Credential(clean(credential.name()), credential.kind(), lower(clean(credential.tenantId())),
				lower(clean(credential.clientId())), clean(credential.username()),
				(normalizedOrigin != null) ? normalizedOrigin : origin, credential.secret());
	}

	/** The origin as browsers write it, or null when the text is not just an origin. */
	static String origin(String text) {
		try {
			URI uri = new URI(text);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
					|| uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
					|| uri.getRawFragment() != null || uri.getPort() == 0 || uri.getPort() > 65535) {
				return null;
			}
			boolean defaultPort = uri.getPort() == -1 || (scheme.equals("https") && uri.getPort() == 443)
					|| (scheme.equals("http") && uri.getPort() == 80);
			return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + uri.getPort());
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static String clean(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	private static String lower(String text) {
		return (text != null) ? text.toLowerCase(Locale.ROOT) : null;
	}

	/**
	 * What a sealed secret is bound to: every other field, so that a secret moved to
	 * another row, or a row whose origin was changed in the database, cannot be opened.
	 */
	private static String context(Credential credential) {
		return String.join("\0", "pbi-export credential", credential.name(), credential.kind().wireName(),
				Objects.toString(credential.tenantId(), ""), Objects.toString(credential.clientId(), ""),
				Objects.toString(credential.username(), ""), Objects.toString(credential.origin(), ""));
	}

	private static String changes(Credential before, Credential after) {
		List<String> fields = new ArrayList<>();
		addIfChanged(fields, "tenant_id", before.tenantId(), after.tenantId());
		addIfChanged(fields, "client_id", before.clientId(), after.clientId());
		addIfChanged(fields, "username", before.username(), after.username());
		addIfChanged(fields, "origin", before.origin(), after.origin());
		if (after.secret() != null) {
			fields.add(secretField(before.kind()) + " replaced");
		}
		return fields.isEmpty() ? "nothing changed" : fields.stream().collect(Collectors.joining(", "));
	}

	private static void addIfChanged(List<String> fields, String field, String before, String after) {
		if (!Objects.equals(before, after)) {
			fields.add(field);
		}
	}

	private static Credential withSecret(Credential credential, String secret) {
		return new Credential(credential.name(), credential.kind(), credential.tenantId(), credential.clientId(),
				credential.username(), credential.origin(), secret);
	}

	private record Stored(Credential credential, String cipher) {
	}

	private static Stored stored(ResultSet rs) throws SQLException {
		return new Stored(new Credential(rs.getString("name"), CredentialKind.fromWireName(rs.getString("kind")),
				rs.getString("tenant_id"), rs.getString("client_id"), rs.getString("username"), rs.getString("origin"),
				null), rs.getString("secret_cipher"));
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
