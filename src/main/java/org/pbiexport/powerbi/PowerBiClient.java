package org.pbiexport.powerbi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Power BI's REST API as a service principal sees it (POWERBI.md §4, §8): Entra ID
 * client-credentials tokens, report details, pages and embed tokens, each cached until
 * shortly before it expires. Through Spring's {@code RestClient}, with every base URL
 * from {@link PowerBiApiProperties}.
 */
@Component
public class PowerBiClient {

	/** A report as {@code GET groups/{ws}/reports/{id}} describes it. */
	public record ReportInfo(String id, String name, String embedUrl, String datasetId) {
	}

	/** A page as {@code GET …/pages} lists it; {@code order} is Power BI's, from 0. */
	public record PowerBiPage(String name, String displayName, int order) {
	}

	/** An embed token from GenerateToken. */
	public record EmbedToken(String token, String tokenId, Instant expiration) {
	}

	/**
	 * The report's details, with {@code embedUrl} as Power BI gives it.
	 * @throws PowerBiFailed when Entra ID or Power BI refuses, with their message
	 */
	public ReportInfo report(Credential servicePrincipal, String workspaceId, String reportId) {
		throw new UnsupportedOperationException("PowerBiClient.report is not built yet");
	}

	/** The report's pages in Power BI's order. */
	public List<PowerBiPage> pages(Credential servicePrincipal, String workspaceId, String reportId) {
		throw new UnsupportedOperationException("PowerBiClient.pages is not built yet");
	}

	/**
	 * An embed token for the report (with the identity for row-level security when not
	 * null), cached until shortly before its expiration.
	 */
	public EmbedToken embedToken(Credential servicePrincipal, String workspaceId, String reportId, String datasetId,
			EffectiveIdentity identity) {
		throw new UnsupportedOperationException("PowerBiClient.embedToken is not built yet");
	}

	/**
	 * Signs in with the credential now, never with a cached token: empty when it worked,
	 * else what went wrong in words (Entra's error description, never the secret).
	 */
	public Optional<String> test(Credential credential) {
		throw new UnsupportedOperationException("PowerBiClient.test is not built yet");
	}

}
