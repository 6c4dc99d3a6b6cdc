package org.pbiexport.render;

import java.util.LinkedHashMap;
import java.util.Map;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Route;

/**
 * Keeps a render's HTTP sign-in to its origin. Playwright answers challenges of that
 * origin with the credentials and leaves every other challenge to the browser, and
 * headless Chromium then waits forever for a person to type a password: a frame of the
 * same host on another port that asks for a sign-in would hold the render until its
 * deadline. So requests to other origins are fetched for the browser, and a challenge in
 * their answer is passed on as a plain 401 that nobody answers.
 */
final class SignInScope {

	private SignInScope() {
	}

	/**
	 * Routes the context's requests to origins other than {@code origin}; registered
	 * before any {@link ContextSetup}, whose routes therefore come first.
	 */
	static void apply(BrowserContext context, String origin, RenderJob job) {
		context.route((url) -> isOtherHttpOrigin(url, origin), (route) -> answer(route, job));
	}

	private static boolean isOtherHttpOrigin(String url, String origin) {
		if (!url.startsWith("http://") && !url.startsWith("https://")) {
			return false;
		}
		try {
			return !origin.equals(BrowserSession.origin(url));
		}
		catch (RenderFailed ex) {
			return false;
		}
	}

	private static void answer(Route route, RenderJob job) {
		APIResponse response;
		try {
			response = route.fetch(new Route.FetchOptions().setMaxRedirects(0)
				.setTimeout(Math.max(1, BrowserSession.remaining(job).toMillis())));
		}
		catch (PlaywrightException ex) {
			try {
				route.abort();
			}
			catch (PlaywrightException closed) {
				// the render is over
			}
			return;
		}
		Route.FulfillOptions fulfil = new Route.FulfillOptions().setResponse(response);
		if (response.status() == 401 || response.status() == 407) {
			Map<String, String> headers = new LinkedHashMap<>(response.headers());
			headers.keySet()
				.removeIf((name) -> name.equalsIgnoreCase("WWW-Authenticate")
						|| name.equalsIgnoreCase("Proxy-Authenticate"));
			fulfil.setHeaders(headers);
		}
		route.fulfill(fulfil);
	}

}
