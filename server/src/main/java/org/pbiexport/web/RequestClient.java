package org.pbiexport.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who the current request is, for sharing the render queue fairly: its API key when it
 * has one (set by the security module), else the address it came from.
 */
public final class RequestClient {

	private static final String ATTRIBUTE = RequestClient.class.getName();

	private static final String KEY_NAME = RequestClient.class.getName() + ".keyName";

	private static final String KEY_PREFIX = RequestClient.class.getName() + ".keyPrefix";

	private RequestClient() {
	}

	/** Names the request's client by its API key. */
	public static void apiKey(HttpServletRequest request, String keyPrefix, String keyName) {
		request.setAttribute(ATTRIBUTE, "key:" + keyPrefix);
		request.setAttribute(KEY_PREFIX, keyPrefix);
		request.setAttribute(KEY_NAME, keyName);
	}

	/**
	 * The API key the request came with, as its name and prefix; null without a valid
	 * key.
	 */
	public static @Nullable ApiKeyName apiKey(HttpServletRequest request) {
		Object prefix = request.getAttribute(KEY_PREFIX);
		Object name = request.getAttribute(KEY_NAME);
		return (prefix != null && name != null) ? new ApiKeyName(name.toString(), prefix.toString()) : null;
	}

	/** An API key as lists and logs name it: never its secret. */
	public record ApiKeyName(String name, String prefix) {
	}

	/** The current request's client; null outside a request. */
	public static @Nullable String current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			return null;
		}
		Object key = servlet.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		return (key != null) ? key.toString() : "address:" + servlet.getRequest().getRemoteAddr();
	}

}
