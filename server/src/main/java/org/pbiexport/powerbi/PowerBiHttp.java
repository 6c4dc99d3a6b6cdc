package org.pbiexport.powerbi;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriUtils;

/**
 * One HTTP exchange with Entra ID or Power BI through Spring's {@code RestClient}:
 * bounded by {@code request-timeout}, status, headers and body read whatever the status
 * (callers decide what a 429 or a 403 means), and failures to connect turned into words.
 * Logs name the endpoint and the status, never a header or a body, so no token or secret
 * reaches them.
 */
final class PowerBiHttp {

	private static final Logger log = LoggerFactory.getLogger(PowerBiHttp.class);

	private final JsonMapper json = JsonMapper.builder().build();

	private final RestClient rest;

	private final Duration timeout;

	PowerBiHttp(Duration timeout, RestClient.Builder builder) {
		this.timeout = timeout;
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(timeout)
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
		requests.setReadTimeout(timeout);
		this.rest = builder.clone().requestFactory(requests).build();
	}

	/** What came back: any status, the headers and the whole body. */
	record Answer(int status, HttpHeaders headers, byte[] body) {

		boolean successful() {
			return this.status >= 200 && this.status < 300;
		}

		/**
		 * How long the server asked to wait ({@code Retry-After} in seconds or as an HTTP
		 * date), or empty when it did not say.
		 */
		Optional<Duration> retryAfter() {
			String value = this.headers.getFirst(HttpHeaders.RETRY_AFTER);
			if (value == null || value.isBlank()) {
				return Optional.empty();
			}
			try {
				return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
			}
			catch (NumberFormatException notSeconds) {
				try {
					Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
					Duration wait = Duration.between(Instant.now(), at);
					return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
				}
				catch (DateTimeParseException notADate) {
					return Optional.empty();
				}
			}
		}

		@Override
		public String toString() {
			return "Answer[status=" + this.status + ", " + this.body.length + " bytes]";
		}

	}

	/**
	 * Sends one request.
	 * @param party who answers, for messages: {@code Entra ID} or {@code Power BI}
	 * @param credentialName the credential the call is made for, for logs
	 * @throws PowerBiTimedOut when no answer came within the request timeout
	 * @throws PowerBiFailed when the server could not be reached
	 */
	Answer exchange(HttpMethod method, URI uri, String bearerToken, MediaType contentType, Object body, String party,
			String credentialName) {
		long started = System.nanoTime();
		try {
			RestClient.RequestBodySpec request = this.rest.method(method).uri(uri).accept(MediaType.ALL);
			if (bearerToken != null) {
				request.headers((headers) -> headers.setBearerAuth(bearerToken));
			}
			if (body != null) {
				request.contentType(contentType).body(body);
			}
			Answer answer = request.exchange(
					(sent, response) -> new Answer(response.getStatusCode().value(),
							HttpHeaders.copyOf(response.getHeaders()), StreamUtils.copyToByteArray(response.getBody())),
					true);
			log.debug("{} {} {} for credential '{}': {} in {} ms", party, method, uri.getPath(), credentialName,
					answer.status(), (System.nanoTime() - started) / 1_000_000);
			return answer;
		}
		catch (ResourceAccessException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
				log.warn("{} {} {} for credential '{}': no answer within {}", party, method, uri.getPath(),
						credentialName, this.timeout);
				throw new PowerBiTimedOut(party + " did not answer within " + this.timeout.toSeconds() + " s (" + method
						+ " " + uri.getHost() + uri.getPath() + ").");
			}
			log.warn("{} {} {} for credential '{}': {}", party, method, uri.getPath(), credentialName, reason(cause));
			throw new PowerBiFailed("Could not reach " + party + " at " + uri.getHost() + ": " + reason(cause) + ".");
		}
	}

	/** The body as JSON, or a missing node when it is empty or not JSON. */
	JsonNode json(Answer answer) {
		if (answer.body().length == 0) {
			return MissingNode.getInstance();
		}
		try {
			return this.json.readTree(answer.body());
		}
		catch (JacksonException ex) {
			return MissingNode.getInstance();
		}
	}

	byte[] jsonBytes(Object value) {
		return this.json.writeValueAsBytes(value);
	}

	/** A field's text, or null when it is missing, null or not a plain value. */
	static @Nullable String text(@Nullable JsonNode node, String field) {
		JsonNode value = (node != null) ? node.get(field) : null;
		return (value == null || value.isNull() || value.isContainer()) ? null : value.asString();
	}

	/** {@code base} followed by each segment, percent-encoded so none can add a path. */
	static URI uri(String base, String... segments) {
		StringBuilder uri = new StringBuilder(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
		for (String segment : segments) {
			uri.append('/').append(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8).replace("+", "%2B"));
		}
		return URI.create(uri.toString());
	}

	private static String reason(Throwable cause) {
		if (cause instanceof UnknownHostException) {
			return "the host name is not known";
		}
		if (cause instanceof ConnectException) {
			return "the connection was refused";
		}
		if (cause instanceof SSLException) {
			return "the TLS handshake failed (" + cause.getMessage() + ")";
		}
		if (cause instanceof IOException && cause.getMessage() != null) {
			return cause.getMessage();
		}
		return "the connection failed";
	}

}
