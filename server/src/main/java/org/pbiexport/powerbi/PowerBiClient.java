package org.pbiexport.powerbi;

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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Power BI's REST API as a service principal sees it (docs/powerbi-rules.md): Entra ID
 * client-credentials tokens, report details, pages and embed tokens, each cached until
 * shortly before it expires. Through Spring's {@code RestClient}, with every base URL
 * from {@link PowerBiApiProperties}; {@link PowerBiRest} makes the calls.
 */
@Component
public class PowerBiClient {

	private static final Logger log = LoggerFactory.getLogger(PowerBiClient.class);

	private final PowerBiApiProperties properties;

	private final PowerBiRest rest;

	private final EntraTokens entraTokens;

	private final ReportServerSignIn reportServers;

	private final Cache<EmbedKey, EmbedToken> embedTokens;

	/** A report as {@code GET groups/{ws}/reports/{id}} describes it. */
	public record ReportInfo(String id, @Nullable String name, @Nullable String embedUrl, @Nullable String datasetId) {
	}

	/** A page as {@code GET …/pages} lists it; {@code order} is Power BI's, from 0. */
	public record PowerBiPage(@Nullable String name, @Nullable String displayName, int order) {
	}

	/** An embed token from GenerateToken; {@link #toString()} leaves the token out. */
	public record EmbedToken(String token, @Nullable String tokenId, Instant expiration) {

		@Override
		public String toString() {
			return "EmbedToken[token=(hidden), tokenId=" + this.tokenId + ", expiration=" + this.expiration + "]";
		}

	}

	/** What an embed token is cached for. */
	private record EmbedKey(String credential, String workspaceId, String reportId, String datasetId,
			@Nullable String username, @Nullable List<String> roles) {
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
		PowerBiHttp http = new PowerBiHttp(properties.requestTimeout(), builder);
		this.entraTokens = new EntraTokens(properties, http);
		this.rest = new PowerBiRest(properties.apiUrl(), http, this.entraTokens);
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
		JsonNode report = this.rest.http()
			.json(this.rest.call(servicePrincipal, HttpMethod.GET,
					this.rest.api("groups", workspaceId, "reports", reportId), null, "read",
					describe(workspaceId, reportId)));
		String id = PowerBiHttp.text(report, "id");
		return new ReportInfo((id != null) ? id : reportId, PowerBiHttp.text(report, "name"),
				PowerBiHttp.text(report, "embedUrl"), PowerBiHttp.text(report, "datasetId"));
	}

	/** The report's pages in Power BI's order. */
	public List<PowerBiPage> pages(Credential servicePrincipal, String workspaceId, String reportId) {
		JsonNode pages = this.rest.http()
			.json(this.rest.call(servicePrincipal, HttpMethod.GET,
					this.rest.api("groups", workspaceId, "reports", reportId, "pages"), null, "list the pages of",
					describe(workspaceId, reportId)));
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
	public EmbedToken embedToken(Credential servicePrincipal, String workspaceId, String reportId,
			@Nullable String datasetId, @Nullable EffectiveIdentity identity) {
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
			@Nullable EffectiveIdentity identity) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("datasets", List.of(Map.of("id", datasetId)));
		request.put("reports", List.of(Map.of("id", reportId)));
		request.put("targetWorkspaces", List.of(Map.of("id", workspaceId)));
		if (identity != null) {
			request.put("identities", List.of(identity(identity, datasetId)));
		}
		// An embed token expires with the Entra token it was made with
		// (docs/powerbi-rules.md):
		// use
		// one that outlives the embed token's time in the cache by a margin.
		Duration entraLife = this.properties.tokenRefreshMargin().multipliedBy(2);
		PowerBiHttp.Answer answer = this.rest.send(servicePrincipal, HttpMethod.POST, this.rest.api("GenerateToken"),
				request, entraLife);
		if (!answer.successful()) {
			throw this.rest.refusal(servicePrincipal, answer, "generate an embed token for",
					describe(workspaceId, reportId));
		}
		JsonNode token = this.rest.http().json(answer);
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

	PowerBiRest rest() {
		return this.rest;
	}

	PowerBiApiProperties properties() {
		return this.properties;
	}

	static String describe(String workspaceId, String reportId) {
		return "report " + reportId + " in workspace " + workspaceId;
	}

	private static @Nullable Instant instant(@Nullable String text) {
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
