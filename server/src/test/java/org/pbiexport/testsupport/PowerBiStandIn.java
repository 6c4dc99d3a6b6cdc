package org.pbiexport.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialKind;
import org.pbiexport.powerbi.PowerBiApiProperties;

/**
 * Entra ID, Power BI's REST API and a Report Server on 127.0.0.1, speaking the documented
 * protocols (docs/powerbi-rules.md), since no tenant is reachable from the tests: the
 * client-credentials token endpoint with Entra's error bodies, report details and pages,
 * GenerateToken, the Export To File state machine with its busy and failure answers, and
 * a Report Server path behind HTTP Basic. It records every request it receives so tests
 * can look at what was sent.
 *
 * <p>
 * {@code PowerBiStandIn.start()}, then {@link #properties()} for the client, then
 * {@link #servicePrincipal(String)} and {@link #addReport(String, String...)} for what
 * Power BI knows; knobs such as {@link #throttleExportRequests(int, int)} change how it
 * answers. Close it after the test.
 */
public final class PowerBiStandIn implements AutoCloseable {

	/** The scope Power BI's REST API is asked for. */
	public static final String SCOPE = "https://analysis.windows.net/powerbi/api/.default";

	/** Requests kept at most, so a runaway client cannot fill the memory. */
	private static final int MAX_RECORDED = 5_000;

	private static final Pattern TOKEN = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/token$");

	private static final Pattern REPORT = Pattern.compile("^/v1\\.0/myorg/groups/([^/]+)/reports/([^/]+)(/.*)?$");

	private static final Pattern EXPORT = Pattern.compile("^/exports/([^/]+)(/file)?$");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final SecureRandom random = new SecureRandom();

	private final HttpServer server;

	private final ExecutorService executor;

	private final Map<String, String> secrets = new ConcurrentHashMap<>();

	private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

	private final Map<String, String> accounts = new ConcurrentHashMap<>();

	private final Map<String, Report> reports = new ConcurrentHashMap<>();

	private final StandInExports exports = new StandInExports(this::baseUrl);

	private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

	private final List<JsonNode> generateTokenRequests = new CopyOnWriteArrayList<>();

	private final List<String> reportServerAuthorizations = new CopyOnWriteArrayList<>();

	private volatile Duration tokenLifetime = Duration.ofSeconds(3599);

	private volatile Duration embedTokenLifetime = Duration.ofMinutes(60);

	private volatile boolean rejectTokens;

	/** A page as Power BI names it: the internal name and the one people see. */
	public record Page(String name, String displayName) {
	}

	/** A report Power BI knows; pages in Power BI's order. */
	public record Report(String workspaceId, String id, String name, String datasetId, List<Page> pages,
			boolean rowLevelSecurity) {

		public Report {
			pages = List.copyOf(pages);
		}

		/** The page with this display name. */
		public Page page(String displayName) {
			return this.pages.stream()
				.filter((page) -> page.displayName().equals(displayName))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("no page '" + displayName + "'"));
		}

		/** Internal names of the pages with these display names, in this order. */
		public List<String> pageNames(String... displayNames) {
			return java.util.Arrays.stream(displayNames).map((name) -> page(name).name()).toList();
		}

	}

	/** One request as it arrived: header names are case-insensitive. */
	public record Recorded(Instant at, String method, String path, String query, Map<String, List<String>> headers,
			String body) {

		public String header(String name) {
			List<String> values = this.headers.get(name);
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

		/** The path and query as sent, still percent-encoded. */
		public String uri() {
			return (this.query != null) ? this.path + "?" + this.query : this.path;
		}

	}

	/**
	 * An export as the stand-in saw it: what was asked for, when it was created and when
	 * it ended (its file downloaded, or its failure reported); null while in flight.
	 */
	public record ExportRecord(String id, String reportId, String format, List<String> pages, String filter,
			JsonNode identities, Instant created, Instant ended) {
	}

	private PowerBiStandIn() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.executor = Executors.newFixedThreadPool(8, (task) -> {
			Thread thread = new Thread(task, "powerbi-stand-in");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public static PowerBiStandIn start() {
		try {
			return new PowerBiStandIn();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/** {@code http://127.0.0.1:<port>}: the authority URL, the API URL and the origin. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Settings pointing at the stand-in: 30 s per export, 2 exports per credential, a 5
	 * min refresh margin, 5 s per request.
	 */
	public PowerBiApiProperties properties() {
		return properties(Duration.ofSeconds(30), 2, Duration.ofMinutes(5));
	}

	public PowerBiApiProperties properties(Duration exportPollTimeout, int exportsPerCredential,
			Duration tokenRefreshMargin) {
		return new PowerBiApiProperties(baseUrl(), baseUrl(), SCOPE, exportPollTimeout, exportsPerCredential,
				tokenRefreshMargin, Duration.ofSeconds(5));
	}

	// What Entra ID and Power BI know

	/** Registers a new service principal (tenant, client, secret) and its credential. */
	public Credential servicePrincipal(String name) {
		String tenant = UUID.randomUUID().toString();
		String client = UUID.randomUUID().toString();
		String secret = "s3cr3t~" + HexFormat.of().formatHex(randomBytes(12));
		addServicePrincipal(tenant, client, secret);
		return new Credential(name, CredentialKind.SERVICE_PRINCIPAL, tenant, client, null, null, secret);
	}

	public void addServicePrincipal(String tenantId, String clientId, String secret) {
		this.secrets.put(tenantId + "/" + clientId, secret);
	}

	/** Registers a Report Server account; the credential's origin is the stand-in. */
	public Credential windowsAccount(String name, String username, String password) {
		this.accounts.put(username, password);
		return new Credential(name, CredentialKind.WINDOWS, null, null, username, baseUrl(), password);
	}

	/** A report in a new workspace, its pages named like Power BI's (20 hex digits). */
	public Report addReport(String name, String... pageDisplayNames) {
		return addReport(newReport(name, false, pageDisplayNames));
	}

	/** A report whose dataset has row-level security: it needs an effective identity. */
	public Report addReportWithRowLevelSecurity(String name, String... pageDisplayNames) {
		return addReport(newReport(name, true, pageDisplayNames));
	}

	public Report addReport(Report report) {
		this.reports.put(report.workspaceId() + "/" + report.id(), report);
		return report;
	}

	private static Report newReport(String name, boolean rowLevelSecurity, String... pageDisplayNames) {
		List<Page> pages = new ArrayList<>();
		for (String displayName : pageDisplayNames) {
			pages.add(new Page(HexFormat.of().formatHex(randomBytes(10)), displayName));
		}
		return new Report(UUID.randomUUID().toString(), UUID.randomUUID().toString(), name,
				UUID.randomUUID().toString(), pages, rowLevelSecurity);
	}

	// Knobs

	/** The {@code expires_in} of new Entra tokens (3599 s unless set). */
	public PowerBiStandIn tokenLifetime(Duration expiresIn) {
		this.tokenLifetime = expiresIn;
		return this;
	}

	/** The longest life of an embed token (60 min unless set). */
	public PowerBiStandIn embedTokenLifetime(Duration lifetime) {
		this.embedTokenLifetime = lifetime;
		return this;
	}

	/** Every token issued so far is from now on refused as expired. */
	public void expireIssuedTokens() {
		this.tokens.replaceAll((token, expires) -> Instant.EPOCH);
	}

	/** Refuse every token as expired, new ones too. */
	public PowerBiStandIn rejectTokens(boolean reject) {
		this.rejectTokens = reject;
		return this;
	}

	/** {@code Retry-After} of an export still running (1 s unless set; 0 is allowed). */
	public PowerBiStandIn retryAfterSeconds(int seconds) {
		this.exports.retryAfterSeconds = seconds;
		return this;
	}

	/** Status polls an export takes to end (2 unless set): Running before, done on it. */
	public PowerBiStandIn pollsUntilDone(int polls) {
		this.exports.pollsUntilDone = Math.max(1, polls);
		return this;
	}

	/** The next {@code times} ExportTo requests are answered 429 with Retry-After. */
	public PowerBiStandIn throttleExportRequests(int times, int retryAfterSeconds) {
		this.exports.throttleRetryAfter = retryAfterSeconds;
		this.exports.exportRequestsToThrottle.set(times);
		return this;
	}

	/** The next {@code times} status polls are answered 429 with Retry-After. */
	public PowerBiStandIn throttlePolls(int times, int retryAfterSeconds) {
		this.exports.throttleRetryAfter = retryAfterSeconds;
		this.exports.pollsToThrottle.set(times);
		return this;
	}

	/**
	 * The next {@code times} exports end Failed with Retry-After: the capacity is busy.
	 */
	public PowerBiStandIn failExportsAsBusy(int times, int retryAfterSeconds) {
		this.exports.busyRetryAfter = retryAfterSeconds;
		this.exports.exportsToFailAsBusy.set(times);
		return this;
	}

	/** Exports end Failed without Retry-After, with this message (null: stop failing). */
	public PowerBiStandIn failExports(String message) {
		this.exports.permanentFailure = message;
		return this;
	}

	/** Exports stay Running for ever. */
	public PowerBiStandIn neverFinishExports() {
		this.exports.neverFinish = true;
		return this;
	}

	// Records

	public List<Recorded> requests() {
		return List.copyOf(this.recorded);
	}

	public List<Recorded> requests(Predicate<Recorded> which) {
		return this.recorded.stream().filter(which).toList();
	}

	/** Requests with this method whose (decoded) path ends so. */
	public List<Recorded> requests(String method, String pathEnd) {
		return requests((request) -> request.method().equals(method) && request.path().endsWith(pathEnd));
	}

	/** Requests to the Entra token endpoint. */
	public int tokenRequests() {
		return requests((request) -> TOKEN.matcher(request.path()).matches()).size();
	}

	/** The bodies GenerateToken was called with. */
	public List<JsonNode> generateTokenRequests() {
		return List.copyOf(this.generateTokenRequests);
	}

	/**
	 * The Authorization header of every Report Server request, "" when there was none.
	 */
	public List<String> reportServerAuthorizations() {
		return List.copyOf(this.reportServerAuthorizations);
	}

	/** The exports in the order they were created. */
	public List<ExportRecord> exports() {
		return this.exports.records();
	}

	/** The most exports that were in flight at one time. */
	public int mostExportsInFlight() {
		return this.exports.mostInFlight.get();
	}

	// The server

	private void handle(HttpExchange exchange) throws IOException {
		try {
			String rawPath = exchange.getRequestURI().getRawPath();
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
			if (this.recorded.size() < MAX_RECORDED) {
				this.recorded.add(new Recorded(Instant.now(), exchange.getRequestMethod(), decode(rawPath),
						exchange.getRequestURI().getRawQuery(), headers, body));
			}
			route(exchange, exchange.getRequestMethod(), rawPath, body);
		}
		catch (RuntimeException ex) {
			send(exchange, 500, "application/json", error("InternalError", "The stand-in failed: " + ex), Map.of());
		}
		finally {
			exchange.close();
		}
	}

	private void route(HttpExchange exchange, String method, String rawPath, String body) throws IOException {
		Matcher token = TOKEN.matcher(rawPath);
		if (method.equals("POST") && token.matches()) {
			token(exchange, decode(token.group(1)), body);
			return;
		}
		if (rawPath.equals("/") || rawPath.startsWith("/reports/")) {
			reportServer(exchange, rawPath);
			return;
		}
		if (!rawPath.startsWith("/v1.0/myorg/")) {
			send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8), Map.of());
			return;
		}
		if (!authorized(exchange)) {
			return;
		}
		if (method.equals("POST") && rawPath.equals("/v1.0/myorg/GenerateToken")) {
			generateToken(exchange, body);
			return;
		}
		Matcher report = REPORT.matcher(rawPath);
		if (!report.matches()) {
			send(exchange, 404, "application/json", error("NotFound", "No such API"), Map.of());
			return;
		}
		Report known = this.reports.get(decode(report.group(1)) + "/" + decode(report.group(2)));
		if (known == null) {
			send(exchange, 404, "application/json", entityNotFound(), Map.of());
			return;
		}
		String rest = (report.group(3) != null) ? report.group(3) : "";
		Matcher export = EXPORT.matcher(rest);
		if (method.equals("GET") && rest.isEmpty()) {
			sendJson(exchange, 200, reportJson(known), Map.of());
		}
		else if (method.equals("GET") && rest.equals("/pages")) {
			sendJson(exchange, 200, pagesJson(known), Map.of());
		}
		else if (method.equals("POST") && rest.equals("/ExportTo")) {
			this.exports.exportTo(exchange, known, body);
		}
		else if (method.equals("GET") && export.matches()) {
			this.exports.answer(exchange, known, decode(export.group(1)), export.group(2) != null);
		}
		else {
			send(exchange, 404, "application/json", error("NotFound", "No such API"), Map.of());
		}
	}

	// Entra ID

	private void token(HttpExchange exchange, String tenant, String body) throws IOException {
		Map<String, String> form = form(body);
		String client = Objects.toString(form.get("client_id"), "");
		boolean tenantKnown = this.secrets.keySet().stream().anyMatch((key) -> key.startsWith(tenant + "/"));
		if (!tenantKnown) {
			entraError(exchange, 400, "invalid_request", 90002, "Tenant '" + tenant + "' not found. Check to make sure "
					+ "you have the correct tenant ID and are signing into the correct cloud.");
		}
		else if (!"client_credentials".equals(form.get("grant_type"))) {
			entraError(exchange, 400, "unsupported_grant_type", 70003,
					"The app requested an unsupported grant type '" + form.get("grant_type") + "'.");
		}
		else if (!this.secrets.containsKey(tenant + "/" + client)) {
			entraError(exchange, 400, "unauthorized_client", 700016, "Application with identifier '" + client
					+ "' was not found in the directory '" + tenant + "'. This can happen if the application has not "
					+ "been installed by the administrator of the tenant or consented to by any user in the tenant. "
					+ "You may have sent your authentication request to the wrong tenant.");
		}
		else if (!this.secrets.get(tenant + "/" + client).equals(form.get("client_secret"))) {
			entraError(exchange, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret "
					+ "being sent in the request is the client secret value, not the client secret ID, for a secret "
					+ "added to app '" + client + "'.");
		}
		else if (!SCOPE.equals(form.get("scope"))) {
			entraError(exchange, 400, "invalid_scope", 1002012, "The provided value for scope " + form.get("scope")
					+ " is not valid. Client credential flows must have a scope value with /.default suffixed to the "
					+ "resource identifier (application ID URI).");
		}
		else {
			long seconds = this.tokenLifetime.toSeconds();
			String accessToken = "eyJ0eXAiOiJKV1QifQ."
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24));
			this.tokens.put(accessToken, Instant.now().plusSeconds(seconds));
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("token_type", "Bearer");
			answer.put("expires_in", seconds);
			answer.put("ext_expires_in", seconds);
			answer.put("access_token", accessToken);
			sendJson(exchange, 200, answer, Map.of());
		}
	}

	private void entraError(HttpExchange exchange, int status, String error, int code, String description)
			throws IOException {
		String trace = UUID.randomUUID().toString();
		String correlation = UUID.randomUUID().toString();
		String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("error_description", "AADSTS" + code + ": " + description + "\r\nTrace ID: " + trace
				+ "\r\nCorrelation ID: " + correlation + "\r\nTimestamp: " + now);
		body.put("error_codes", List.of(code));
		body.put("timestamp", now);
		body.put("trace_id", trace);
		body.put("correlation_id", correlation);
		body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
		sendJson(exchange, status, body, Map.of());
	}

	private boolean authorized(HttpExchange exchange) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			send(exchange, 401, "application/json", new byte[0],
					Map.of("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\""));
			return false;
		}
		Instant expires = this.tokens.get(authorization.substring("Bearer ".length()));
		if (this.rejectTokens || expires == null || !Instant.now().isBefore(expires)) {
			send(exchange, 403, "application/json",
					error("TokenExpired", "Access token has expired, resubmit with a new access token"), Map.of());
			return false;
		}
		return true;
	}

	// Power BI

	private Map<String, Object> reportJson(Report report) {
		String config = Base64.getEncoder()
			.encodeToString(("{\"clusterUrl\":\"https://WABI-WEST-EUROPE-E-PRIMARY-redirect.analysis.windows.net\","
					+ "\"embedFeatures\":{\"usageMetricsVNext\":true}}")
				.getBytes(StandardCharsets.UTF_8));
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", report.id());
		json.put("reportType", "PowerBIReport");
		json.put("name", report.name());
		json.put("webUrl", "https://app.powerbi.com/groups/" + report.workspaceId() + "/reports/" + report.id());
		json.put("embedUrl", "https://app.powerbi.com/reportEmbed?reportId=" + report.id() + "&groupId="
				+ report.workspaceId() + "&w=2&config=" + config);
		json.put("datasetId", report.datasetId());
		json.put("datasetWorkspaceId", report.workspaceId());
		return json;
	}

	private Map<String, Object> pagesJson(Report report) {
		List<Map<String, Object>> pages = new ArrayList<>();
		for (int order = 0; order < report.pages().size(); order++) {
			Map<String, Object> page = new LinkedHashMap<>();
			page.put("name", report.pages().get(order).name());
			page.put("displayName", report.pages().get(order).displayName());
			page.put("order", order);
			pages.add(page);
		}
		return Map.of("@odata.context", "http://wabi-west-europe-redirect.analysis.windows.net/v1.0/myorg/groups/"
				+ report.workspaceId() + "/$metadata#pages", "value", pages);
	}

	private void generateToken(HttpExchange exchange, String body) throws IOException {
		JsonNode request = parse(body);
		this.generateTokenRequests.add(request);
		Instant entraExpires = this.tokens
			.get(exchange.getRequestHeaders().getFirst("Authorization").substring("Bearer ".length()));
		for (JsonNode wanted : request.path("reports").values()) {
			Report report = this.reports.values()
				.stream()
				.filter((known) -> known.id().equals(wanted.path("id").asString("")))
				.findFirst()
				.orElse(null);
			if (report == null) {
				send(exchange, 404, "application/json", entityNotFound(), Map.of());
				return;
			}
			if (report.rowLevelSecurity() && request.path("identities").isEmpty()) {
				send(exchange, 400, "application/json", error("InvalidRequest", "Creating embed token for accessing "
						+ "dataset " + report.datasetId() + " requires effective identity to be provided"), Map.of());
				return;
			}
		}
		Instant expiration = Instant.now().plus(this.embedTokenLifetime);
		expiration = (expiration.isBefore(entraExpires) ? expiration : entraExpires).truncatedTo(ChronoUnit.SECONDS);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("token", "H4sIAAAAAAAEAB2" + Base64.getEncoder().encodeToString(randomBytes(48)));
		answer.put("tokenId", UUID.randomUUID().toString());
		answer.put("expiration", expiration.toString());
		sendJson(exchange, 200, answer, Map.of());
	}

	// Report Server

	private void reportServer(HttpExchange exchange, String rawPath) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		this.reportServerAuthorizations.add((authorization != null) ? authorization : "");
		if (!basicAccountKnown(authorization)) {
			send(exchange, 401, "text/html",
					"<html><body>401 - Unauthorized</body></html>".getBytes(StandardCharsets.UTF_8),
					Map.of("WWW-Authenticate", "Basic realm=\"Report Server\""));
		}
		else if (rawPath.equals("/")) {
			send(exchange, 302, "text/html", new byte[0], Map.of("Location", "/reports/browse/"));
		}
		else {
			send(exchange, 200, "text/html",
					("<html><body><h1>Report Server</h1><p>" + decode(rawPath) + "</p></body></html>")
						.getBytes(StandardCharsets.UTF_8),
					Map.of());
		}
	}

	private boolean basicAccountKnown(String authorization) {
		if (authorization == null || !authorization.startsWith("Basic ")) {
			return false;
		}
		String pair = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length()).trim()),
				StandardCharsets.UTF_8);
		int colon = pair.indexOf(':');
		return colon > 0 && pair.substring(colon + 1).equals(this.accounts.get(pair.substring(0, colon)));
	}

	// Plumbing

	static byte[] error(String code, String message) {
		return json.writeValueAsBytes(Map.of("error", Map.of("code", code, "message", message)));
	}

	static byte[] entityNotFound() {
		return json
			.writeValueAsBytes(Map.of("error", Map.of("code", "PowerBIEntityNotFound", "pbi.error", Map.of("code",
					"PowerBIEntityNotFound", "parameters", Map.of(), "details", List.of(), "exceptionCulprit", 1))));
	}

	static void sendJson(HttpExchange exchange, int status, Object body, Map<String, String> headers)
			throws IOException {
		send(exchange, status, "application/json; charset=utf-8", json.writeValueAsBytes(body), headers);
	}

	static void send(HttpExchange exchange, int status, String contentType, byte[] body, Map<String, String> headers)
			throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.getResponseHeaders().set("RequestId", UUID.randomUUID().toString());
		headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	static JsonNode parse(String body) {
		try {
			return json.readTree(body);
		}
		catch (RuntimeException ex) {
			return MissingNode.getInstance();
		}
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	/** One path (or segment) decoded, '+' kept: paths do not write spaces so. */
	private static String decode(String raw) {
		return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		random.nextBytes(bytes);
		return bytes;
	}

}
