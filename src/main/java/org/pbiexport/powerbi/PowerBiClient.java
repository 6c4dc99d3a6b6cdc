package org.pbiexport.powerbi;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Power BI's REST API as a service principal sees it (POWERBI.md §4, §8): Entra ID
 * client-credentials tokens, report details, pages and embed tokens, each cached until
 * shortly before it expires. Through Spring's {@code RestClient}, with every base URL
 * from {@link PowerBiApiProperties}.
 */
@Component
public class PowerBiClient {

	private static final Logger log = LoggerFactory.getLogger(PowerBiClient.class);

	private static final String PARTY = "Power BI";

	private static final int MAX_MESSAGE = 500;

	private final PowerBiApiProperties properties;

	private final PowerBiHttp http;

	private final EntraTokens entraTokens;

	private final ReportServerSignIn reportServers;

	private final Cache<EmbedKey, EmbedToken> embedTokens;

	/** A report as {@code GET groups/{ws}/reports/{id}} describes it. */
	public record ReportInfo(String id, String name, String embedUrl, String datasetId) {
	}

	/** A page as {@code GET …/pages} lists it; {@code order} is Power BI's, from 0. */
	public record PowerBiPage(String name, String displayName, int order) {
	}

	/** An embed token from GenerateToken; {@link #toString()} leaves the token out. */
	public record EmbedToken(String token, String tokenId, Instant expiration) {

		@Override
		public String toString() {
			return "EmbedToken[token=(hidden), tokenId=" + this.tokenId + ", expiration=" + this.expiration + "]";
		}

	}

	/** What an embed token is cached for. */
	private record EmbedKey(String credential, String workspaceId, String reportId, String datasetId, String username,
			List<String> roles) {
	}

	/**
	 * For Spring: the application's {@code RestClient.Builder} when it has one, else a
	 * plain one.
	 */
	@Autowired
	PowerBiClient(PowerBiApiProperties properties, ObjectProvider<RestClient.Builder> builders) {
		this(properties, builders.getIfAvailable(RestClient::builder));
	}

	public PowerBiClient(PowerBiApiProperties properties, RestClient.Builder builder) {
		this.properties = properties;
		this.http = new PowerBiHttp(properties.requestTimeout(), builder);
		this.entraTokens = new EntraTokens(properties, this.http);
		this.reportServers = new ReportServerSignIn(properties.requestTimeout());
		Duration margin = properties.tokenRefreshMargin();
		this.embedTokens = Caffeine.newBuilder()
			.maximumSize(10_000)
			.expireAfter(Expiry.writing((EmbedKey key, EmbedToken token) -> {
				Duration left = Duration.between(Instant.now(), token.expiration().minus(margin));
				return left.isNegative() ? Duration.ZERO : left;
			}))
			.build();
	}

	/**
	 * The report's details, with {@code embedUrl} as Power BI gives it.
	 * @throws PowerBiFailed when Entra ID or Power BI refuses, with their message
	 */
	public ReportInfo report(Credential servicePrincipal, String workspaceId, String reportId) {
		JsonNode report = this.http.json(call(servicePrincipal, HttpMethod.GET,
				api("groups", workspaceId, "reports", reportId), null, "read", describe(workspaceId, reportId)));
		String id = PowerBiHttp.text(report, "id");
		return new ReportInfo((id != null) ? id : reportId, PowerBiHttp.text(report, "name"),
				PowerBiHttp.text(report, "embedUrl"), PowerBiHttp.text(report, "datasetId"));
	}

	/** The report's pages in Power BI's order. */
	public List<PowerBiPage> pages(Credential servicePrincipal, String workspaceId, String reportId) {
		JsonNode pages = this.http
			.json(call(servicePrincipal, HttpMethod.GET, api("groups", workspaceId, "reports", reportId, "pages"), null,
					"list the pages of", describe(workspaceId, reportId)));
		List<PowerBiPage> result = new ArrayList<>();
		for (JsonNode page : pages.path("value").values()) {
			result.add(new PowerBiPage(PowerBiHttp.text(page, "name"), PowerBiHttp.text(page, "displayName"),
					page.path("order").asInt(result.size())));
		}
		result.sort(Comparator.comparingInt(PowerBiPage::order));
		return List.copyOf(result);
	}

	/**
	 * An embed token for the report (with the identity for row-level security when not
	 * null), cached until shortly before its expiration.
	 */
	public EmbedToken embedToken(Credential servicePrincipal, String workspaceId, String reportId, String datasetId,
			EffectiveIdentity identity) {
		String dataset = (datasetId != null) ? datasetId : report(servicePrincipal, workspaceId, reportId).datasetId();
		if (dataset == null) {
			throw new PowerBiFailed("Power BI names no dataset for " + describe(workspaceId, reportId)
					+ ", so no embed token can be made for it.");
		}
		EmbedKey key = new EmbedKey(EntraTokens.key(servicePrincipal), workspaceId, reportId, dataset,
				(identity != null) ? identity.username() : null, (identity != null) ? identity.roles() : null);
		return this.embedTokens.get(key,
				(k) -> generateToken(servicePrincipal, workspaceId, reportId, dataset, identity));
	}

	/**
	 * Signs in with the credential now, never with a cached token: empty when it worked,
	 * else what went wrong in words (Entra's error description, never the secret).
	 */
	public Optional<String> test(Credential credential) {
		if (credential.kind() == CredentialKind.WINDOWS) {
			return this.reportServers.test(credential);
		}
		try {
			this.entraTokens.requestNew(credential);
			return Optional.empty();
		}
		catch (PowerBiFailed | PowerBiTimedOut ex) {
			return Optional.of(ex.getMessage());
		}
	}

	private EmbedToken generateToken(Credential servicePrincipal, String workspaceId, String reportId, String datasetId,
			EffectiveIdentity identity) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("datasets", List.of(Map.of("id", datasetId)));
		request.put("reports", List.of(Map.of("id", reportId)));
		request.put("targetWorkspaces", List.of(Map.of("id", workspaceId)));
		if (identity != null) {
			request.put("identities", List.of(identity(identity, datasetId)));
		}
		// An embed token expires with the Entra token it was made with (POWERBI.md §8):
		// use
		// one that outlives the embed token's time in the cache by a margin.
		Duration entraLife = this.properties.tokenRefreshMargin().multipliedBy(2);
		PowerBiHttp.Answer answer = send(servicePrincipal, HttpMethod.POST, api("GenerateToken"), request, entraLife);
		if (!answer.successful()) {
			throw refusal(servicePrincipal, answer, "generate an embed token for", describe(workspaceId, reportId));
		}
		JsonNode token = this.http.json(answer);
		Instant expiration = instant(PowerBiHttp.text(token, "expiration"));
		if (PowerBiHttp.text(token, "token") == null || expiration == null) {
			throw new PowerBiFailed("Power BI answered GenerateToken for " + describe(workspaceId, reportId)
					+ " without a token or its expiration.");
		}
		log.info("Power BI issued an embed token for {} to credential '{}'{}, expiring {}",
				describe(workspaceId, reportId), servicePrincipal.name(),
				(identity != null) ? " as " + identity.username() : "", expiration);
		return new EmbedToken(PowerBiHttp.text(token, "token"), PowerBiHttp.text(token, "tokenId"), expiration);
	}

	/**
	 * The effective identity of GenerateToken and ExportTo: the user, their roles and the
	 * dataset it applies to.
	 */
	static Map<String, Object> identity(EffectiveIdentity identity, String datasetId) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("username", identity.username());
		if (!identity.roles().isEmpty()) {
			json.put("roles", identity.roles());
		}
		if (datasetId != null) {
			json.put("datasets", List.of(datasetId));
		}
		return json;
	}

	/**
	 * A call to Power BI's REST API that must succeed.
	 * @param action what was asked, for messages ({@code read}, {@code list the pages
	 * of})
	 * @param subject what it was asked about ({@code report … in workspace …})
	 * @throws PowerBiFailed naming Power BI's error code and message and what was asked
	 */
	PowerBiHttp.Answer call(Credential servicePrincipal, HttpMethod method, URI uri, Object jsonBody, String action,
			String subject) {
		PowerBiHttp.Answer answer = send(servicePrincipal, method, uri, jsonBody, Duration.ZERO);
		if (!answer.successful()) {
			throw refusal(servicePrincipal, answer, action, subject);
		}
		return answer;
	}

	/**
	 * A call to Power BI's REST API with a valid Entra token, whatever its answer. When
	 * Power BI says the token expired (401, or 403 {@code TokenExpired}), a new token is
	 * fetched once and the call repeated.
	 * @param minimumEntraLife how long the Entra token used must still be valid
	 */
	PowerBiHttp.Answer send(Credential servicePrincipal, HttpMethod method, URI uri, Object jsonBody,
			Duration minimumEntraLife) {
		EntraTokens.AccessToken token = this.entraTokens.token(servicePrincipal, minimumEntraLife);
		byte[] body = (jsonBody != null) ? this.http.jsonBytes(jsonBody) : null;
		PowerBiHttp.Answer answer = this.http.exchange(method, uri, token.value(), MediaType.APPLICATION_JSON, body,
				PARTY, servicePrincipal.name());
		if (tokenRefused(answer)) {
			log.info("Power BI refused the token of credential '{}' as expired ({}); signing in again",
					servicePrincipal.name(), answer.status());
			token = this.entraTokens.renew(servicePrincipal, token);
			answer = this.http.exchange(method, uri, token.value(), MediaType.APPLICATION_JSON, body, PARTY,
					servicePrincipal.name());
		}
		return answer;
	}

	/** {@code {api-url}/v1.0/myorg/} and the segments, each encoded. */
	URI api(String... segments) {
		String[] path = new String[segments.length + 2];
		path[0] = "v1.0";
		path[1] = "myorg";
		System.arraycopy(segments, 0, path, 2, segments.length);
		return PowerBiHttp.uri(this.properties.apiUrl(), path);
	}

	PowerBiHttp http() {
		return this.http;
	}

	PowerBiApiProperties properties() {
		return this.properties;
	}

	static String describe(String workspaceId, String reportId) {
		return "report " + reportId + " in workspace " + workspaceId;
	}

	/**
	 * Power BI's refusal in words: its error code and message, what was asked, and for an
	 * unknown entity what to check.
	 */
	PowerBiFailed refusal(Credential servicePrincipal, PowerBiHttp.Answer answer, String action, String subject) {
		JsonNode error = this.http.json(answer).path("error");
		String code = PowerBiHttp.text(error, "code");
		if (code == null) {
			code = PowerBiHttp.text(error.path("pbi.error"), "code");
		}
		String message = PowerBiHttp.text(error, "message");
		if (message != null && message.length() > MAX_MESSAGE) {
			message = message.substring(0, MAX_MESSAGE) + "…";
		}
		String detail = ((code != null) ? code : "HTTP " + answer.status())
				+ ((message != null && !message.isBlank()) ? ": " + message : "");
		String text;
		if (answer.status() == 404 || "PowerBIEntityNotFound".equals(code)) {
			text = "Power BI does not know " + subject + " (" + detail + "); check the ids and that credential '"
					+ servicePrincipal.name() + "' is a member of the workspace.";
		}
		else {
			text = "Power BI refused to " + action + " " + subject + " for credential '" + servicePrincipal.name()
					+ "' (HTTP " + answer.status() + ((code != null || message != null) ? ", " + detail : "") + ").";
		}
		log.warn("{}", text);
		return new PowerBiFailed(text);
	}

	private boolean tokenRefused(PowerBiHttp.Answer answer) {
		return answer.status() == 401 || (answer.status() == 403
				&& "TokenExpired".equals(PowerBiHttp.text(this.http.json(answer).path("error"), "code")));
	}

	private static Instant instant(String text) {
		if (text == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return Instant.parse(text + "Z");
			}
			catch (DateTimeParseException again) {
				return null;
			}
		}
	}

}
