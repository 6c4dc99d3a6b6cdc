package org.pbiexport.powerbi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Entra ID client-credentials tokens of service principals (docs/powerbi-rules.md),
 * cached per credential until {@code token-refresh-margin} before they expire. The cache
 * key is a SHA-256 of the credential's name, tenant, client and secret, held in memory
 * only: a changed secret is a new key, so it never gets the old secret's token.
 */
final class EntraTokens {

	private static final Logger log = LoggerFactory.getLogger(EntraTokens.class);

	private static final String PARTY = "Entra ID";

	/** Entra's descriptions go on with trace and correlation ids after the first line. */
	private static final int MAX_DESCRIPTION = 500;

	private final PowerBiApiProperties properties;

	private final PowerBiHttp http;

	private final Cache<String, AccessToken> cache;

	EntraTokens(PowerBiApiProperties properties, PowerBiHttp http) {
		this.properties = properties;
		this.http = http;
		Duration margin = properties.tokenRefreshMargin();
		this.cache = Caffeine.newBuilder()
			.maximumSize(1_000)
			.expireAfter(Expiry.writing((String key, AccessToken token) -> nonNegative(
					Duration.between(Instant.now(), token.expiresAt().minus(margin)))))
			.build();
	}

	/** An access token and when it expires; {@link #toString()} leaves the token out. */
	record AccessToken(String value, Instant expiresAt) {

		Duration lifeLeft() {
			return Duration.between(Instant.now(), this.expiresAt);
		}

		@Override
		public String toString() {
			return "AccessToken[value=(hidden), expiresAt=" + this.expiresAt + "]";
		}

	}

	/**
	 * A token for the service principal with at least {@code minimumLife} left: the
	 * cached one when it has, else a new one. A new token is returned even when Entra
	 * gave it less life than asked for; there is nothing better to have.
	 */
	AccessToken token(Credential servicePrincipal, Duration minimumLife) {
		String key = key(servicePrincipal);
		AccessToken cached = this.cache.getIfPresent(key);
		if (cached != null && cached.lifeLeft().compareTo(minimumLife) >= 0) {
			return cached;
		}
		return this.cache.asMap()
			.compute(key, (k,
					current) -> (current != null && current != cached && current.lifeLeft().compareTo(minimumLife) >= 0)
							? current : requestNew(servicePrincipal));
	}

	/**
	 * A new token in place of one Power BI refused as expired, unless another caller has
	 * already replaced it.
	 */
	AccessToken renew(Credential servicePrincipal, AccessToken refused) {
		return this.cache.asMap()
			.compute(key(servicePrincipal),
					(k, current) -> (current != null && !current.value().equals(refused.value())) ? current
							: requestNew(servicePrincipal));
	}

	/**
	 * Signs in now, past the cache and without storing the token.
	 * @throws PowerBiFailed with Entra's description of what was wrong
	 */
	AccessToken requestNew(Credential servicePrincipal) {
		require(servicePrincipal);
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		form.add("client_id", servicePrincipal.clientId());
		form.add("client_secret", servicePrincipal.secret());
		form.add("scope", this.properties.scope());
		PowerBiHttp.Answer answer = this.http.exchange(HttpMethod.POST,
				PowerBiHttp.uri(this.properties.authorityUrl(), servicePrincipal.tenantId(), "oauth2", "v2.0", "token"),
				null, MediaType.APPLICATION_FORM_URLENCODED, form, PARTY, servicePrincipal.name());
		JsonNode body = this.http.json(answer);
		String token = PowerBiHttp.text(body, "access_token");
		if (!answer.successful() || token == null) {
			String refusal = refusal(servicePrincipal, answer.status(), body);
			log.warn("Entra ID refused a token for credential '{}' ({}): {}", servicePrincipal.name(), answer.status(),
					refusal);
			throw new PowerBiFailed(refusal);
		}
		long seconds = body.path("expires_in").asLong(3599);
		log.info("Entra ID issued a token for credential '{}', valid for {} s", servicePrincipal.name(), seconds);
		return new AccessToken(token, Instant.now().plusSeconds(seconds));
	}

	/**
	 * The cache key: a digest of everything that makes the credential, so a changed
	 * secret (or tenant, or client) is a different key.
	 */
	static String key(Credential credential) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			for (String part : new String[] { credential.name(), credential.tenantId(), credential.clientId(),
					credential.secret() }) {
				sha256.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
				sha256.update((byte) 0);
			}
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	private static void require(Credential credential) {
		if (credential.kind() != CredentialKind.SERVICE_PRINCIPAL) {
			throw new PowerBiFailed("Credential '" + credential.name()
					+ "' is not a service principal; Power BI's REST " + "API needs one.");
		}
		if (blank(credential.tenantId()) || blank(credential.clientId()) || blank(credential.secret())) {
			throw new PowerBiFailed("Credential '" + credential.name()
					+ "' needs a tenant id, a client id and a client " + "secret to sign in to Entra ID.");
		}
	}

	/**
	 * Entra's own words: the error code and the first line of its description (the rest
	 * is trace ids), never the raw body and never the secret.
	 */
	private static String refusal(Credential credential, int status, JsonNode body) {
		String error = PowerBiHttp.text(body, "error");
		String description = PowerBiHttp.text(body, "error_description");
		StringBuilder message = new StringBuilder("Entra ID refused to sign in credential '").append(credential.name())
			.append("'");
		if (description != null && !description.isBlank()) {
			String firstLine = description.strip().split("\\R", 2)[0];
			int trace = firstLine.indexOf(" Trace ID:");
			firstLine = (trace > 0) ? firstLine.substring(0, trace) : firstLine;
			if (firstLine.length() > MAX_DESCRIPTION) {
				firstLine = firstLine.substring(0, MAX_DESCRIPTION) + "…";
			}
			message.append(" (").append((error != null) ? error : "HTTP " + status).append("): ").append(firstLine);
		}
		else {
			message.append(" (HTTP ").append(status).append((error != null) ? ", " + error : "").append(").");
		}
		String text = message.toString();
		return blank(credential.secret()) ? text : text.replace(credential.secret(), "(hidden)");
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	private static Duration nonNegative(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

}
