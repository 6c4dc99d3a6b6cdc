package org.pbiexport.wordpress;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request a browser context sends and every response it gets, kept to look through
 * afterwards: URLs, headers, request bodies and response bodies (bytes, so images and
 * PDFs are searched too).
 */
final class BrowserTraffic {

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<Response> responses = new CopyOnWriteArrayList<>();

	BrowserTraffic(BrowserContext context) {
		context.onRequest(this.requests::add);
		context.onResponse(this.responses::add);
	}

	/** Request URLs, in order. */
	List<String> urls() {
		return this.requests.stream().map(Request::url).toList();
	}

	/**
	 * Fails when {@code secret} is in any request's URL, headers or body or in any
	 * response's headers or body. A document or script whose body cannot be read fails
	 * too: it could not be searched.
	 * @return how many response bodies were searched
	 */
	int assertNowhere(String secret) {
		for (Request request : this.requests) {
			byte[] body = request.postDataBuffer();
			String seen = request.url() + "\n" + request.allHeaders() + "\n"
					+ ((body != null) ? new String(body, StandardCharsets.ISO_8859_1) : "");
			assertFalse(seen.contains(secret), () -> "The API key is in the browser's request to " + request.url());
		}
		int searched = 0;
		for (Response response : this.responses) {
			assertFalse(response.allHeaders().toString().contains(secret),
					() -> "The API key is in the headers of " + response.url());
			String type = response.request().resourceType();
			byte[] body;
			try {
				body = response.body();
			}
			catch (PlaywrightException ex) {
				boolean mustRead = (type.equals("document") || type.equals("script")) && response.status() < 300;
				assertFalse(mustRead, () -> "The body of " + response.url() + " could not be read: " + ex.getMessage());
				continue;
			}
			searched++;
			assertFalse(new String(body, StandardCharsets.ISO_8859_1).contains(secret),
					() -> "The API key is in the body of " + response.url() + " (" + type + ")");
			assertFalse(new String(body, StandardCharsets.UTF_8).contains(secret),
					() -> "The API key is in the body of " + response.url() + " (" + type + ")");
		}
		return searched;
	}

	/**
	 * Fails when the browser sent anything to {@code server}'s port (it must only see
	 * WordPress).
	 */
	void assertNothingSentTo(URI server) {
		Pattern port = Pattern.compile("^[a-z]+://[^/?#]*:" + server.getPort() + "([/?#].*)?$");
		List<String> direct = new ArrayList<>();
		for (Request request : this.requests) {
			if (port.matcher(request.url()).matches() || request.url().startsWith(server.toString())) {
				direct.add(request.url());
			}
		}
		assertEquals(List.of(), direct, "The browser called pbi-export directly");
	}

	/**
	 * The responses to requests with {@code method} whose URL contains {@code part}.
	 */
	List<Response> answers(String method, String part) {
		return this.responses.stream()
			.filter((response) -> method.equals(response.request().method()) && response.url().contains(part))
			.toList();
	}

	/** Fails unless some request URL contains each of {@code parts}. */
	void assertRequested(String... parts) {
		for (String part : parts) {
			assertTrue(urls().stream().anyMatch((url) -> url.contains(part)),
					() -> "No browser request to " + part + " among " + urls());
		}
	}

}
