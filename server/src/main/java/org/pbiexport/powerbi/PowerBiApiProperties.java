package org.pbiexport.powerbi;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Power BI and Entra ID are reached and the limits of the REST modes
 * (docs/contract.md 1.1). Every base URL is configurable, for sovereign clouds and for
 * the local stand-ins the tests use.
 *
 * @param authorityUrl Entra ID token endpoint base:
 * {@code {base}/{tenant}/oauth2/v2.0/token}
 * @param apiUrl Power BI REST API base: {@code {base}/v1.0/myorg/…}
 * @param scope the scope asked for in the client-credentials grant
 * @param exportPollTimeout longest wait for one Export To File job
 * @param exportsPerCredential Export To File jobs in flight at once per credential; a
 * capacity limits concurrent exports
 * @param tokenRefreshMargin a cached token is replaced this long before it expires
 * @param requestTimeout bound of one HTTP call to Entra ID or Power BI
 */
@ConfigurationProperties("pbi-export.powerbi")
public record PowerBiApiProperties(@DefaultValue("https://login.microsoftonline.com") String authorityUrl,
		@DefaultValue("https://api.powerbi.com") String apiUrl,
		@DefaultValue("https://analysis.windows.net/powerbi/api/.default") String scope,
		@DefaultValue("10m") Duration exportPollTimeout, @DefaultValue("2") int exportsPerCredential,
		@DefaultValue("5m") Duration tokenRefreshMargin, @DefaultValue("30s") Duration requestTimeout) {

}
