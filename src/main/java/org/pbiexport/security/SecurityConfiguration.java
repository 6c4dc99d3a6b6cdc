package org.pbiexport.security;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. The public API, the demo report, health and the API description are
 * open (API keys come with the admin UI); the admin API needs an admin by HTTP Basic or
 * an admin session. CSRF protects every session-based change; a request that carries its
 * own {@code Authorization} header is not sent by a browser on its own, so it needs no
 * token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

	static final String[] PUBLIC_PATHS = { "/api/reports", "/api/reports/", "/api/pages/**", "/api/filters/**",
			"/api/export", "/api/export/", "/export", "/export/", "/api/exports", "/api/exports/", "/api/exports/**",
			"/demo/**", "/widget/**", "/portal/**", "/", "/index.html", "/favicon.ico", "/css/**", "/js/**",
			"/webjars/**", "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/v3/api-docs",
			"/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/error" };

	/**
	 * The public export API acts on nothing a session grants (only dry runs need an
	 * admin, and they are GETs), so widgets on other sites may POST to it without a CSRF
	 * token.
	 */
	static final String[] STATELESS_EXPORT_PATHS = { "/api/export", "/export", "/api/exports", "/api/exports/**" };

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, JsonMapper json, ApiProperties api) throws Exception {
		ProblemWriter problems = new ProblemWriter(json);
		http.cors((cors) -> cors.configurationSource(publicApiCors(api)))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(PUBLIC_PATHS)
				.permitAll()
				.requestMatchers("/api/admin/**")
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated())
			.httpBasic((basic) -> basic.authenticationEntryPoint(problems::unauthorized))
			.formLogin(Customizer.withDefaults())
			.csrf((csrf) -> csrf.ignoringRequestMatchers(carriesOwnCredentials())
				.ignoringRequestMatchers(STATELESS_EXPORT_PATHS))
			.exceptionHandling(
					(exceptions) -> exceptions.defaultAuthenticationEntryPointFor(problems::unauthorized, apiRequests())
						.defaultAccessDeniedHandlerFor(problems::forbidden, apiRequests()));
		return http.build();
	}

	/**
	 * Pages of the allowed origins may call the public API (the widget): reads and
	 * exports, with an API key header, and may read the file name, ETag and cache
	 * headers. No cookies cross origins.
	 */
	static CorsConfigurationSource publicApiCors(ApiProperties api) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOriginPatterns(api.allowedOrigins());
		cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
		cors.setAllowedHeaders(List.of("Authorization", "X-API-Key", "Content-Type", "If-None-Match"));
		cors.setExposedHeaders(List.of("Content-Disposition", "ETag", "X-Cache", "Retry-After", "X-Render-Readiness"));
		cors.setAllowCredentials(false);
		cors.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		for (String path : List.of("/api/reports", "/api/pages/**", "/api/filters/**", "/api/export", "/export",
				"/api/exports", "/api/exports/**", "/widget/**")) {
			source.registerCorsConfiguration(path, cors);
		}
		return source;
	}

	private static RequestMatcher carriesOwnCredentials() {
		return (request) -> request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| request.getHeader("X-API-Key") != null;
	}

	private static RequestMatcher apiRequests() {
		return (request) -> request.getRequestURI().startsWith(request.getContextPath() + "/api/");
	}

	/** Writes 401 and 403 as RFC 9457 problems, like every other API error. */
	private record ProblemWriter(JsonMapper json) {

		void unauthorized(HttpServletRequest request, HttpServletResponse response, Exception cause)
				throws IOException {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pbi-export\"");
			write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized",
					"Sign in: send an admin's credentials (HTTP Basic) or an API key.");
		}

		void forbidden(HttpServletRequest request, HttpServletResponse response, Exception cause) throws IOException {
			write(request, response, HttpStatus.FORBIDDEN, "forbidden",
					"You are signed in but may not do this (admins only, or a missing CSRF token).");
		}

		private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
				String detail) throws IOException {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
			problem.setType(URI.create("/problems/" + type));
			problem.setInstance(URI.create(request.getRequestURI()));
			response.setStatus(status.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			this.json.writeValue(response.getOutputStream(), problem);
		}

	}

}
