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

	private RequestClient() {
	}

	/** Names the request's client by its API key. */
	public static void apiKey(HttpServletRequest request, String keyPrefix) {
		request.setAttribute(ATTRIBUTE, "key:" + keyPrefix);
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
