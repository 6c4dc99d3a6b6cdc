package org.pbiexport.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.pbiexport.web.ProblemDisclosure;
import org.pbiexport.web.ProblemWriter;
import org.pbiexport.web.RequestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * API keys on the API (docs/contract.md): a key comes as
 * {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. A wrong or revoked key
 * gets 401, a key used from an origin it is not allowed for 403; a key restricted to some
 * reports sees only those ({@link ReportAccessArguments}); a key with admin access signs
 * the request in as an admin. A valid key's caller is told a failed render's full detail
 * ({@link ProblemDisclosure}). When {@code pbi-export.api.require-key} is on, the public
 * API needs a key or a signed-in user.
 */
class ApiKeyFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

	static final String HEADER = "X-API-Key";

	private static final List<String> PUBLIC_API = List.of("/api/reports", "/api/pages/", "/api/filters/",
			"/api/export", "/export", "/api/exports");

	private final ApiKeys keys;

	private final ApiProperties properties;

	private final ProblemWriter problems;

	ApiKeyFilter(ApiKeys keys, ApiProperties properties, ProblemWriter problems) {
		this.keys = keys;
		this.properties = properties;
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = path(request);
		return !(path.startsWith("/api/") || path.equals("/export") || path.equals("/export/"))
				|| HttpMethod.OPTIONS.matches(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = presentedKey(request);
		String path = path(request);
		if (presented == null) {
			if (this.properties.requireKey() && isPublicApi(path) && !signedIn()) {
				this.problems.write(request, response, HttpStatus.UNAUTHORIZED, "api-key-required",
						"This API needs an API key: send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.");
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		Optional<ApiKeys.ApiKey> verified = this.keys.verify(presented);
		if (verified.isEmpty()) {
			log.info("Refused an unknown or revoked API key on {} {}", request.getMethod(), path);
			this.problems.write(request, response, HttpStatus.UNAUTHORIZED, "invalid-api-key",
					"The API key is not valid or has been revoked.");
			return;
		}
		ApiKeys.ApiKey key = verified.get();
		if (key.expired()) {
			log.info("Refused API key {}, expired at {}, on {} {}", key.prefix(), key.expiresAt(), request.getMethod(),
					path);
			this.problems.write(request, response, HttpStatus.UNAUTHORIZED, "invalid-api-key",
					"The API key '" + key.name() + "' expired on " + key.expiresAt()
							+ "; an admin can make a new one at /admin/api-keys.");
			return;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (!key.allowsOrigin(origin)) {
			log.info("Refused API key {} from origin {}", key.prefix(), origin);
			this.problems.write(request, response, HttpStatus.FORBIDDEN, "origin-not-allowed",
					"This API key may not be used from pages of " + origin + ".");
			return;
		}
		ProblemDisclosure.keyHolder(request);
		RequestClient.apiKey(request, key.prefix(), key.name());
		if (!key.reportIds().isEmpty()) {
			ReportAccessArguments.restrict(request, key.reportIds());
		}
		if (path.startsWith("/api/admin/")) {
			if (!key.adminAccess()) {
				this.problems.write(request, response, HttpStatus.FORBIDDEN, "forbidden",
						"This API key has no admin access.");
				return;
			}
			Authentication admin = UsernamePasswordAuthenticationToken.authenticated("api-key:" + key.name(), null,
					List.of(new SimpleGrantedAuthority("ROLE_ADMIN")));
			SecurityContextHolder.getContext().setAuthentication(admin);
		}
		chain.doFilter(request, response);
	}

	private static String presentedKey(HttpServletRequest request) {
		String header = request.getHeader(HEADER);
		if (header != null && !header.isBlank()) {
			return header.trim();
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return authorization.substring(7).trim();
		}
		return null;
	}

	private static boolean isPublicApi(String path) {
		return PUBLIC_API.stream().anyMatch(path::startsWith);
	}

	private static boolean signedIn() {
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		return current != null && current.isAuthenticated() && !(current instanceof AnonymousAuthenticationToken);
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

}
