package org.pbiexport.powerbi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.pbiexport.powerbi.CredentialStore.Problem;

/**
 * What makes a credential valid, and the one form it is stored in. Kept apart from the
 * {@link CredentialStore} so the rules read as a whole; the store applies them to every
 * change, whoever calls, and callers that check their own input first ask
 * {@link CredentialStore#problems} for the same answer.
 */
final class CredentialRules {

	/** What a credential's name may be: reports name it, in JSON and in URLs. */
	static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

	/** Longest client secret or password accepted. */
	static final int MAX_SECRET_LENGTH = 1000;

	static final int MAX_USERNAME_LENGTH = 200;

	static final int MAX_ORIGIN_LENGTH = 300;

	private static final Pattern GUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern DOMAIN = Pattern
		.compile("(?=.{3,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

	/** Characters that break HTTP credentials ({@code user:password}) or logs. */
	private static final Pattern BAD_USERNAME = Pattern.compile("[:\\p{Cntrl}]");

	private CredentialRules() {
	}

	/** The name of the field that holds the secret of this kind of credential. */
	static String secretField(CredentialKind kind) {
		return (kind == CredentialKind.WINDOWS) ? "password" : "client_secret";
	}

	/**
	 * What is wrong with a credential as entered, one problem per field.
	 * @param adding whether the credential is new (then its secret is required)
	 */
	static List<Problem> problems(Credential credential, boolean adding) {
		Credential entered = normalized(credential);
		List<Problem> problems = new ArrayList<>();
		if (entered.name() == null) {
			problems.add(problem("name", "cred.problem.required", "is required"));
		}
		else if (!NAME.matcher(entered.name()).matches()) {
			problems.add(problem("name", "cred.problem.name",
					"must be 1 to 100 letters, digits, dots, hyphens or underscores, such as contoso-sp"));
		}
		CredentialKind kind = entered.kind();
		if (kind == null) {
			problems.add(problem("kind", "cred.problem.kind", "is required: service_principal or windows"));
			return problems;
		}
		if (kind == CredentialKind.SERVICE_PRINCIPAL) {
			if (entered.tenantId() == null) {
				problems.add(problem("tenant_id", "cred.problem.tenant.required",
						"is required: the directory (tenant) id of the app registration"));
			}
			else if (!GUID.matcher(entered.tenantId()).matches() && !DOMAIN.matcher(entered.tenantId()).matches()) {
				problems.add(problem("tenant_id", "cred.problem.tenant",
						"must be the tenant's id (a GUID) or one of its domain names, such as contoso.onmicrosoft.com"));
			}
			if (entered.clientId() == null) {
				problems.add(problem("client_id", "cred.problem.client.required",
						"is required: the application (client) id of the app registration"));
			}
			else if (!GUID.matcher(entered.clientId()).matches()) {
				problems.add(problem("client_id", "cred.problem.client",
						"must be the application (client) id of the app registration, a GUID"));
			}
			notOfThisKind(entered.username(), "username", kind, problems);
			notOfThisKind(entered.origin(), "origin", kind, problems);
		}
		else {
			if (entered.username() == null) {
				problems.add(problem("username", "cred.problem.username.required",
						"is required, such as CONTOSO\\svc-export"));
			}
			else if (entered.username().length() > MAX_USERNAME_LENGTH) {
				problems.add(problem("username", "cred.problem.long",
						"must be at most " + MAX_USERNAME_LENGTH + " characters", MAX_USERNAME_LENGTH));
			}
			else if (BAD_USERNAME.matcher(entered.username()).find()) {
				problems
					.add(problem("username", "cred.problem.username", "must not contain ':' or control characters"));
			}
			if (entered.origin() == null) {
				problems.add(problem("origin", "cred.problem.origin.required",
						"is required: the Report Server's origin, such as "
								+ "https://reports.contoso.local; the account is sent there and nowhere else"));
			}
			else if (entered.origin().length() > MAX_ORIGIN_LENGTH || origin(entered.origin()) == null) {
				problems.add(problem("origin", "cred.problem.origin",
						"must be an origin: http:// or https://, the host and an "
								+ "optional port, and nothing else (no path), such as https://reports.contoso.local"));
			}
			notOfThisKind(entered.tenantId(), "tenant_id", kind, problems);
			notOfThisKind(entered.clientId(), "client_id", kind, problems);
		}
		String secretField = secretField(kind);
		if (entered.secret() == null) {
			if (adding) {
				problems
					.add(problem(secretField, "cred.problem.secret.required", "is required when adding a credential"));
			}
		}
		else if (entered.secret().isBlank()) {
			problems.add(adding ? problem(secretField, "cred.problem.secret.empty", "must not be empty") : problem(
					secretField, "cred.problem.secret.kept", "must not be empty; leave it out to keep the stored one"));
		}
		else if (entered.secret().length() > MAX_SECRET_LENGTH) {
			problems.add(problem(secretField, "cred.problem.long",
					"must be at most " + MAX_SECRET_LENGTH + " characters", MAX_SECRET_LENGTH));
		}
		return problems;
	}

	/**
	 * What is wrong with a change to a stored credential: its name and kind stay, as
	 * reports name it and expect its kind, and its new fields follow the rules of
	 * {@link #problems}.
	 * @param name the stored credential's name, as the caller named it
	 */
	static List<Problem> problemsOfChange(String name, Credential stored, Credential entered) {
		List<Problem> problems = new ArrayList<>();
		if (!name.equals(entered.name())) {
			problems
				.add(problem("name", "cred.problem.name.fixed", "cannot be changed, as reports name the credential; "
						+ "add a new credential with the new name instead"));
		}
		if (entered.kind() != stored.kind()) {
			problems.add(problem("kind", "cred.problem.kind.fixed", "cannot be changed from " + stored.kind().wireName()
					+ "; add a new credential of the other kind instead", stored.kind().wireName()));
		}
		problems.addAll(problems(entered, false));
		return problems;
	}

	/**
	 * The fields a change touches, named as in the admin API, for the log: a replaced
	 * secret is named, never shown.
	 */
	static String changedFields(Credential before, Credential after) {
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

	private static void notOfThisKind(String value, String field, CredentialKind kind, List<Problem> problems) {
		if (value != null) {
			problems.add(problem(field, "cred.problem.other.kind." + kind.wireName(),
					"is not a field of a " + kind.wireName().replace('_', ' ') + " credential; leave it out"));
		}
	}

	/**
	 * The credential with its text fields trimmed (empty means absent), GUIDs, domains
	 * and origins in lower case, and the origin without a default port, as browsers write
	 * origins. Secrets are kept exactly as entered.
	 */
	static Credential normalized(Credential credential) {
		String origin = clean(credential.origin());
		String normalizedOrigin = (origin != null) ? origin(origin) : null;
		return new Credential(clean(credential.name()), credential.kind(), lower(clean(credential.tenantId())),
				lower(clean(credential.clientId())), clean(credential.username()),
				(normalizedOrigin != null) ? normalizedOrigin : origin, credential.secret());
	}

	/** The origin as browsers write it, or null when the text is not just an origin. */
	static @Nullable String origin(String text) {
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

	private static Problem problem(String field, String code, String english, Object... arguments) {
		return new Problem(field, english, code, Arrays.asList(arguments));
	}

}
