package org.pbiexport.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may read the actuator endpoints other than health ({@link MetricsProperties}): an
 * admin (signed in, or with HTTP Basic), or a scraper with the scrape token as
 * {@code Authorization: Bearer <token>}; and anyone for {@code /actuator/prometheus}
 * while metrics are not protected (outside the {@code prod} profile). The token is
 * compared in constant time.
 */
final class MetricsAccess implements AuthorizationManager<RequestAuthorizationContext> {

	private static final String PROMETHEUS = "/actuator/prometheus";

	private final MetricsProperties properties;

	private final byte[] tokenDigest;

	MetricsAccess(MetricsProperties properties) {
		this.properties = properties;
		this.tokenDigest = (properties.scrapeToken() != null) ? digest(properties.scrapeToken()) : null;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		HttpServletRequest request = context.getRequest();
		String path = request.getRequestURI().substring(request.getContextPath().length());
		boolean open = !this.properties.requireAuth() && (path.equals(PROMETHEUS) || path.equals(PROMETHEUS + "/"));
		return new AuthorizationDecision(open || carriesToken(request) || isAdmin(authentication.get()));
	}

	/** Whether the request carries the scrape token (when one is set). */
	boolean carriesToken(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (this.tokenDigest == null || authorization == null
				|| !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return false;
		}
		return MessageDigest.isEqual(this.tokenDigest, digest(authorization.substring(7).strip()));
	}

	private static boolean isAdmin(Authentication authentication) {
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken)
				&& authentication.getAuthorities()
					.stream()
					.anyMatch((authority) -> ("ROLE_" + SecurityConfiguration.ADMIN).equals(authority.getAuthority()));
	}

	/** Digests have one length, so comparing them says nothing about the token's. */
	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
