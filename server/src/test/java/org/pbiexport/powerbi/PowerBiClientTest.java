package org.pbiexport.powerbi;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.PowerBiStandIn;
import org.pbiexport.testsupport.PowerBiStandIn.Recorded;
import org.pbiexport.testsupport.PowerBiStandIn.Report;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The REST side of Power BI against the stand-in: Entra tokens cached per credential and
 * renewed in time, report details, pages and embed tokens, refusals in words without
 * secrets, and the credential test of both kinds.
 */
class PowerBiClientTest {

	private PowerBiStandIn powerBi;

	private Credential servicePrincipal;

	private Report sales;

	@BeforeEach
	void start() {
		this.powerBi = PowerBiStandIn.start();
		this.servicePrincipal = this.powerBi.servicePrincipal("contoso-sp");
		this.sales = this.powerBi.addReport("Sales", "Overview", "Regions", "Details");
	}

	@AfterEach
	void stop() {
		this.powerBi.close();
	}

	@Test
	void readsTheReportAndItsPagesWithOneCachedToken() {
		PowerBiClient client = client(this.powerBi.properties());

		PowerBiClient.ReportInfo report = client.report(this.servicePrincipal, this.sales.workspaceId(),
				this.sales.id());
		List<PowerBiClient.PowerBiPage> pages = client.pages(this.servicePrincipal, this.sales.workspaceId(),
				this.sales.id());

		assertThat(report.id()).isEqualTo(this.sales.id());
		assertThat(report.name()).isEqualTo("Sales");
		assertThat(report.datasetId()).isEqualTo(this.sales.datasetId());
		assertThat(report.embedUrl()).startsWith("https://app.powerbi.com/reportEmbed?reportId=" + this.sales.id()
				+ "&groupId=" + this.sales.workspaceId() + "&w=2&config=");
		assertThat(pages).containsExactly(
				new PowerBiClient.PowerBiPage(this.sales.page("Overview").name(), "Overview", 0),
				new PowerBiClient.PowerBiPage(this.sales.page("Regions").name(), "Regions", 1),
				new PowerBiClient.PowerBiPage(this.sales.page("Details").name(), "Details", 2));
		assertThat(this.powerBi.tokenRequests()).isEqualTo(1);
		Recorded tokenRequest = this.powerBi.requests("POST", "/oauth2/v2.0/token").get(0);
		assertThat(tokenRequest.path()).isEqualTo("/" + this.servicePrincipal.tenantId() + "/oauth2/v2.0/token");
		assertThat(tokenRequest.body()).contains("grant_type=client_credentials",
				"client_id=" + this.servicePrincipal.clientId(), "scope=https%3A%2F%2Fanalysis.windows.net");
		List<Recorded> restCalls = this.powerBi.requests((request) -> request.path().startsWith("/v1.0/"));
		assertThat(restCalls).hasSize(2)
			.allSatisfy((request) -> assertThat(request.header("Authorization")).startsWith("Bearer ey"));
		assertThat(this.powerBi.requests()).allSatisfy((request) -> {
			assertThat(request.uri()).doesNotContain(this.servicePrincipal.secret());
			assertThat(request.headers().toString()).doesNotContain(this.servicePrincipal.secret());
		});
	}

	@Test
	void aChangedSecretGetsItsOwnToken() {
		PowerBiClient client = client(this.powerBi.properties());
		client.report(this.servicePrincipal, this.sales.workspaceId(), this.sales.id());
		Credential renewed = new Credential("contoso-sp", CredentialKind.SERVICE_PRINCIPAL,
				this.servicePrincipal.tenantId(), this.servicePrincipal.clientId(), null, null, "n3w~secret");
		this.powerBi.addServicePrincipal(renewed.tenantId(), renewed.clientId(), renewed.secret());

		client.report(renewed, this.sales.workspaceId(), this.sales.id());
		client.report(renewed, this.sales.workspaceId(), this.sales.id());

		assertThat(this.powerBi.tokenRequests()).isEqualTo(2);
		assertThat(this.powerBi.requests("POST", "/token").get(1).body()).contains("client_secret=n3w%7Esecret");
		List<String> bearers = this.powerBi.requests("GET", "/reports/" + this.sales.id())
			.stream()
			.map((request) -> request.header("Authorization"))
			.toList();
		assertThat(bearers.get(1)).isNotEqualTo(bearers.get(0)).isEqualTo(bearers.get(2));
	}

	@Test
	void aCachedTokenIsRenewedThatMarginBeforeItExpires() {
		this.powerBi.tokenLifetime(Duration.ofSeconds(63));
		PowerBiClient client = client(this.powerBi.properties(Duration.ofSeconds(30), 2, Duration.ofSeconds(60)));
		client.report(this.servicePrincipal, this.sales.workspaceId(), this.sales.id());
		client.report(this.servicePrincipal, this.sales.workspaceId(), this.sales.id());
		assertThat(this.powerBi.tokenRequests()).as("used from the cache for about 3 s").isEqualTo(1);

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
			client.report(this.servicePrincipal, this.sales.workspaceId(), this.sales.id());
			return this.powerBi.tokenRequests() == 2;
		});
	}

	@Test
	void aTokenPowerBiCallsExpiredIsReplacedAndTheCallRepeatedOnce() {
		PowerBiClient client = client(this.powerBi.properties());
		client.report(this.servicePrincipal, this.sales.workspaceId(), this.sales.id());
		this.powerBi.expireIssuedTokens();

		assertThat(client.report(this.servicePrincipal, this.sales.workspaceId(), this.sales.id()).name())
			.isEqualTo("Sales");
		assertThat(this.powerBi.tokenRequests()).isEqualTo(2);
		assertThat(this.powerBi.requests("GET", "/reports/" + this.sales.id())).hasSize(3);

		this.powerBi.rejectTokens(true);
		assertThatThrownBy(() -> client.report(this.servicePrincipal, this.sales.workspaceId(), this.sales.id()))
			.isInstanceOf(PowerBiFailed.class)
			.hasMessageContaining("TokenExpired");
		assertThat(this.powerBi.tokenRequests()).as("one new token, not a loop").isEqualTo(3);
		assertThat(this.powerBi.requests("GET", "/reports/" + this.sales.id())).hasSize(5);
	}

	@Test
	void anUnknownReportIsNamedInTheRefusal() {
		PowerBiClient client = client(this.powerBi.properties());
		String unknown = UUID.randomUUID().toString();

		assertThatThrownBy(() -> client.pages(this.servicePrincipal, this.sales.workspaceId(), unknown))
			.isInstanceOf(PowerBiFailed.class)
			.hasMessageContaining(
					"Power BI does not know report " + unknown + " in workspace " + this.sales.workspaceId())
			.hasMessageContaining("PowerBIEntityNotFound")
			.hasMessageContaining("'contoso-sp'");
	}

	@Test
	void embedTokensAreAskedForTheReportAndCached() {
		PowerBiClient client = client(this.powerBi.properties());

		PowerBiClient.EmbedToken first = client.embedToken(this.servicePrincipal, this.sales.workspaceId(),
				this.sales.id(), this.sales.datasetId(), null);
		PowerBiClient.EmbedToken second = client.embedToken(this.servicePrincipal, this.sales.workspaceId(),
				this.sales.id(), this.sales.datasetId(), null);

		assertThat(second).isEqualTo(first);
		assertThat(first.token()).startsWith("H4sI");
		assertThat(first.toString()).doesNotContain(first.token());
		assertThat(first.expiration()).isBetween(Instant.now().plus(Duration.ofMinutes(59)),
				Instant.now().plus(Duration.ofMinutes(61)));
		assertThat(this.powerBi.generateTokenRequests()).hasSize(1);
		JsonNode request = this.powerBi.generateTokenRequests().get(0);
		assertThat(request.path("datasets").path(0).path("id").asString()).isEqualTo(this.sales.datasetId());
		assertThat(request.path("reports").path(0).path("id").asString()).isEqualTo(this.sales.id());
		assertThat(request.path("targetWorkspaces").path(0).path("id").asString()).isEqualTo(this.sales.workspaceId());
		assertThat(request.has("identities")).isFalse();
	}

	@Test
	void anEmbedTokenCloseToItsExpiryIsNotReused() {
		this.powerBi.embedTokenLifetime(Duration.ofMinutes(4));
		PowerBiClient client = client(this.powerBi.properties());

		PowerBiClient.EmbedToken first = client.embedToken(this.servicePrincipal, this.sales.workspaceId(),
				this.sales.id(), this.sales.datasetId(), null);
		PowerBiClient.EmbedToken second = client.embedToken(this.servicePrincipal, this.sales.workspaceId(),
				this.sales.id(), this.sales.datasetId(), null);

		assertThat(second.token()).as("4 min left is within the 5 min margin").isNotEqualTo(first.token());
		assertThat(this.powerBi.generateTokenRequests()).hasSize(2);
	}

	@Test
	void embedTokensAreMadeWithAnEntraTokenThatOutlivesThem() {
		this.powerBi.tokenLifetime(Duration.ofMinutes(8));
		PowerBiClient client = client(this.powerBi.properties());
		client.report(this.servicePrincipal, this.sales.workspaceId(), this.sales.id());

		PowerBiClient.EmbedToken embed = client.embedToken(this.servicePrincipal, this.sales.workspaceId(),
				this.sales.id(), null, null);

		assertThat(this.powerBi.tokenRequests()).as("8 min left is less than twice the 5 min margin").isEqualTo(2);
		String reportBearer = this.powerBi.requests("GET", "/reports/" + this.sales.id())
			.get(0)
			.header("Authorization");
		String generateBearer = this.powerBi.requests("POST", "/GenerateToken").get(0).header("Authorization");
		assertThat(generateBearer).isNotEqualTo(reportBearer);
		assertThat(embed.expiration()).isBefore(Instant.now().plus(Duration.ofMinutes(8)).plusSeconds(1));
		assertThat(this.powerBi.generateTokenRequests().get(0).path("datasets").path(0).path("id").asString())
			.as("the dataset was looked up")
			.isEqualTo(this.sales.datasetId());
	}

	@Test
	void rowLevelSecuritySendsTheIdentityForTheDataset() {
		Report secured = this.powerBi.addReportWithRowLevelSecurity("Regional sales", "Overview");
		PowerBiClient client = client(this.powerBi.properties());
		EffectiveIdentity manager = new EffectiveIdentity("someone@contoso.com", List.of("Region manager"));

		assertThatThrownBy(() -> client.embedToken(this.servicePrincipal, secured.workspaceId(), secured.id(),
				secured.datasetId(), null))
			.isInstanceOf(PowerBiFailed.class)
			.hasMessageContaining("requires effective identity");
		PowerBiClient.EmbedToken token = client.embedToken(this.servicePrincipal, secured.workspaceId(), secured.id(),
				secured.datasetId(), manager);
		PowerBiClient.EmbedToken other = client.embedToken(this.servicePrincipal, secured.workspaceId(), secured.id(),
				secured.datasetId(), new EffectiveIdentity("other@contoso.com", List.of("Region manager")));

		assertThat(other.token()).as("cached per identity").isNotEqualTo(token.token());
		JsonNode identity = this.powerBi.generateTokenRequests().get(1).path("identities").path(0);
		assertThat(identity.path("username").asString()).isEqualTo("someone@contoso.com");
		assertThat(identity.path("roles").path(0).asString()).isEqualTo("Region manager");
		assertThat(identity.path("datasets").path(0).asString()).isEqualTo(secured.datasetId());
	}

	@Test
	void entraRefusalsAreExplainedInWordsWithoutTheSecret() {
		PowerBiClient client = client(this.powerBi.properties());
		Credential wrongSecret = new Credential("contoso-sp", CredentialKind.SERVICE_PRINCIPAL,
				this.servicePrincipal.tenantId(), this.servicePrincipal.clientId(), null, null, "wr0ng~secret");
		Credential unknownClient = new Credential("stranger", CredentialKind.SERVICE_PRINCIPAL,
				this.servicePrincipal.tenantId(), UUID.randomUUID().toString(), null, null, "any~secret");

		assertThatThrownBy(() -> client.report(wrongSecret, this.sales.workspaceId(), this.sales.id()))
			.isInstanceOf(PowerBiFailed.class)
			.hasMessageContaining("credential 'contoso-sp'")
			.hasMessageContaining("(invalid_client): AADSTS7000215: Invalid client secret provided.")
			.satisfies(
					(ex) -> assertThat(ex.getMessage()).doesNotContain("wr0ng~secret", "Trace ID", "{", "error_codes"));
		assertThatThrownBy(() -> client.report(unknownClient, this.sales.workspaceId(), this.sales.id()))
			.isInstanceOf(PowerBiFailed.class)
			.hasMessageContaining("AADSTS700016: Application with identifier '" + unknownClient.clientId() + "'");
		assertThat(this.powerBi.requests((request) -> request.path().startsWith("/v1.0/"))).isEmpty();
	}

	@Test
	void testOfAServicePrincipalSignsInNowAndLeavesTheCacheAlone() {
		PowerBiClient client = client(this.powerBi.properties());
		client.report(this.servicePrincipal, this.sales.workspaceId(), this.sales.id());

		assertThat(client.test(this.servicePrincipal)).isEmpty();
		assertThat(this.powerBi.tokenRequests()).as("a new token, not the cached one").isEqualTo(2);
		client.report(this.servicePrincipal, this.sales.workspaceId(), this.sales.id());
		assertThat(this.powerBi.tokenRequests()).isEqualTo(2);
		List<Recorded> reads = this.powerBi.requests("GET", "/reports/" + this.sales.id());
		assertThat(reads.get(1).header("Authorization")).isEqualTo(reads.get(0).header("Authorization"));

		Optional<String> refused = client.test(new Credential("contoso-sp", CredentialKind.SERVICE_PRINCIPAL,
				this.servicePrincipal.tenantId(), this.servicePrincipal.clientId(), null, null, "wr0ng~secret"));
		assertThat(refused)
			.hasValueSatisfying((words) -> assertThat(words).contains("AADSTS7000215").doesNotContain("wr0ng~secret"));
	}

	@Test
	void testOfAWindowsAccountSignsInToTheReportServer() throws IOException {
		PowerBiClient client = client(this.powerBi.properties());
		Credential account = this.powerBi.windowsAccount("rs-account", "CONTOSO\\svc-export", "pa55~word");

		assertThat(client.test(account)).isEmpty();
		String basic = "Basic "
				+ Base64.getEncoder().encodeToString("CONTOSO\\svc-export:pa55~word".getBytes(StandardCharsets.UTF_8));
		assertThat(this.powerBi.reportServerAuthorizations()).as("sent when challenged, to its origin")
			.containsExactly("", basic);

		Credential wrongPassword = new Credential("rs-account", CredentialKind.WINDOWS, null, null,
				"CONTOSO\\svc-export", this.powerBi.baseUrl(), "wr0ng");
		assertThat(client.test(wrongPassword)).hasValue("The Report Server refused the account (401).");

		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Credential unreachable = new Credential("rs-account", CredentialKind.WINDOWS, null, null, "CONTOSO\\svc-export",
				"http://127.0.0.1:" + closedPort, "pa55~word");
		assertThat(client.test(unreachable)).hasValueSatisfying(
				(words) -> assertThat(words).startsWith("Could not reach http://127.0.0.1:" + closedPort)
					.doesNotContain("pa55~word"));
	}

	@Test
	void springBuildsTheClientFromItsPropertiesWithoutARestClientBuilderBean() {
		new ApplicationContextRunner().withUserConfiguration(Wiring.class)
			.withPropertyValues("pbi-export.powerbi.authority-url=" + this.powerBi.baseUrl(),
					"pbi-export.powerbi.api-url=" + this.powerBi.baseUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ExportToFile.class);
				assertThat(context.getBean(PowerBiApiProperties.class).exportPollTimeout())
					.isEqualTo(Duration.ofMinutes(10));
				assertThat(context.getBean(PowerBiClient.class)
					.report(this.servicePrincipal, this.sales.workspaceId(), this.sales.id())
					.name()).isEqualTo("Sales");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PowerBiApiProperties.class)
	@Import({ PowerBiClient.class, ExportToFile.class })
	static class Wiring {

	}

	private static PowerBiClient client(PowerBiApiProperties properties) {
		return new PowerBiClient(properties, RestClient.builder());
	}

}
