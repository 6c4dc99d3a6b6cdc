package org.pbiexport.powerbi;

import java.net.URI;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Calls to Power BI's REST API as a service principal (docs/powerbi-rules.md): each with
 * a valid Entra token, signed in again once when Power BI says the token expired, and
 * Power BI's refusals turned into words an admin can act on. The report, page, embed
 * token and export calls are made through it.
 */
final class PowerBiRest {

	private static final Logger log = LoggerFactory.getLogger(PowerBiRest.class);

	private static final String PARTY = "Power BI";

	private static final int MAX_MESSAGE = 500;

	private final String apiUrl;

	private final PowerBiHttp http;

	private final EntraTokens entraTokens;

	PowerBiRest(String apiUrl, PowerBiHttp http, EntraTokens entraTokens) {
		this.apiUrl = apiUrl;
		this.http = http;
		this.entraTokens = entraTokens;
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
		return PowerBiHttp.uri(this.apiUrl, path);
	}

	PowerBiHttp http() {
		return this.http;
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

}
