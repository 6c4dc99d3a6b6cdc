package org.pbiexport.security;

import java.time.Duration;
import java.util.List;

import org.pbiexport.web.ProblemWriter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Who may call what. The public API, the demo report, health and the API description are
 * open (unless {@code pbi-export.api.require-key}: see {@link ApiKeyFilter}); so are the
 * metrics unless {@code pbi-export.metrics.require-auth} ({@link MetricsAccess}). The
 * admin API needs an admin (docs/contract.md); the admin pages need a user: viewers read,
 * editors also change reports and import filters, admins also manage users and API keys.
 * CSRF protects every session-based change; a request that carries its own
 * {@code Authorization} or API key header needs no token, as long as it does not come
 * from a page of another site ({@link CrossSiteRequests}: browsers add cached Basic
 * credentials by themselves). An API request no controller answers is neither
 * authenticated nor CSRF-checked ({@link UnmappedRequests}): it gets its 404 or 405.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

	static final String ADMIN = "ADMIN";

	static final String EDITOR = "EDITOR";

	static final String VIEWER = "VIEWER";

	static final String[] PUBLIC_PATHS = { "/api/reports", "/api/reports/", "/api/pages/**", "/api/filters/**",
			"/api/export", "/api/export/", "/export", "/export/", "/api/exports", "/api/exports/", "/api/exports/**",
			"/api/schedule-files/**", "/demo/**", "/powerbi/**", "/widget/**", "/portal/**", "/admin/admin.css",
			"/admin/times.js", "/", "/index.html", "/favicon.ico", "/css/**", "/js/**", "/webjars/**",
			"/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
			"/swagger-ui/**", "/error" };

	/**
	 * What this app's pages may load: only its own scripts (no inline script, no eval),
	 * its own styles and style attributes (the widget and htmx add style elements),
	 * images it serves or makes ({@code data:}, {@code blob:} previews), frames from
	 * https addresses (the Power BI report inside {@code /powerbi/host.html}); and no
	 * page of another site may frame them.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
			+ "connect-src 'self'; frame-src 'self' https:; frame-ancestors 'none'; base-uri 'self'; "
			+ "form-action 'self'; object-src 'none'";

	/** Browser features no page of this app uses. */
	static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

	/**
	 * The public export API acts on nothing a session grants (only dry runs need an
	 * admin, and they are GETs), so widgets on other sites may POST to it without a CSRF
	 * token.
	 */
	static final String[] STATELESS_EXPORT_PATHS = { "/api/export", "/export", "/api/exports", "/api/exports/**" };

	/** Tells {@link SignedInSessions} when a session ends, so it forgets it. */
	@Bean
	HttpSessionEventPublisher sessionEvents() {
		return new HttpSessionEventPublisher();
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ProblemWriter writer, ApiProperties api, ApiKeys keys,
			SignedInSessions sessions, MetricsProperties metrics,
			ObjectProvider<RequestMappingInfoHandlerMapping> mappings) throws Exception {
		SecurityProblems problems = new SecurityProblems(writer);
		UnmappedRequests unmapped = new UnmappedRequests(mappings);
		CorsFilter cors = new CorsFilter(publicApiCors(api));
		cors.setCorsProcessor(new CorsProblems(writer));
		http.cors(AbstractHttpConfigurer::disable)
			.addFilter(cors)
			.authorizeHttpRequests((requests) -> requests.requestMatchers(PUBLIC_PATHS)
				.permitAll()
				.requestMatchers("/login", "/login/")
				.permitAll()
				// After the open paths, which need no look-up of their controller.
				.requestMatchers(unmapped)
				.permitAll()
				.requestMatchers("/actuator", "/actuator/**")
				.access(new MetricsAccess(metrics))
				.requestMatchers("/api/admin/**")
				.hasRole(ADMIN)
				.requestMatchers("/admin/users", "/admin/users/**", "/admin/api-keys", "/admin/api-keys/**",
						"/admin/credentials", "/admin/credentials/**", "/admin/exports", "/admin/exports/**",
						"/admin/exports.csv", "/admin/schedules", "/admin/schedules/**")
				.hasRole(ADMIN)
				.requestMatchers("/admin/account", "/admin/account/**")
				.authenticated()
				.requestMatchers(HttpMethod.GET, "/admin", "/admin/**")
				.hasAnyRole(ADMIN, EDITOR, VIEWER)
				.requestMatchers("/admin", "/admin/**")
				.hasAnyRole(ADMIN, EDITOR)
				.anyRequest()
				.authenticated())
			.addFilterBefore(new CrossSiteRequests(writer), CsrfFilter.class)
			.addFilterBefore(new ApiKeyFilter(keys, api, writer), AuthorizationFilter.class)
			.httpBasic((basic) -> basic.authenticationEntryPoint(problems::unauthorized))
			.formLogin((form) -> form.loginPage("/login")
				.defaultSuccessUrl("/admin", false)
				.failureHandler(problems::signInFailed)
				.permitAll())
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signed-out"))
			.sessionManagement((session) -> session.sessionConcurrency((concurrency) -> concurrency.maximumSessions(-1)
				.sessionRegistry(sessions.registry())
				.expiredSessionStrategy((event) -> problems.sessionEnded(event.getRequest(), event.getResponse()))))
			.requestCache((cache) -> cache.requestCache(adminPagesToReturnTo()))
			.csrf((csrf) -> csrf.csrfTokenRepository(new SessionOrCookieCsrfTokens())
				.ignoringRequestMatchers(carriesOwnCredentials())
				.ignoringRequestMatchers(STATELESS_EXPORT_PATHS)
				.ignoringRequestMatchers(unmapped))
			.headers((headers) -> headers.frameOptions((frames) -> frames.deny())
				.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
				.permissionsPolicyHeader((permissions) -> permissions.policy(PERMISSIONS_POLICY)))
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(problems::unauthorized, apiRequests())
				.defaultAuthenticationEntryPointFor(problems::metricsUnauthorized, actuatorRequests())
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), adminPages())
				.defaultAccessDeniedHandlerFor(problems::forbidden, apiRequests())
				.defaultAccessDeniedHandlerFor(problems::metricsForbidden, actuatorRequests()));
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
		cors.setExposedHeaders(List.of("Content-Disposition", "ETag", "X-Cache", "Retry-After", "X-Render-Readiness",
				"X-Rendered-By"));
		cors.setAllowCredentials(false);
		cors.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		for (String path : List.of("/api/reports", "/api/pages/**", "/api/filters/**", "/api/export", "/export",
				"/api/exports", "/api/exports/**", "/widget/**")) {
			source.registerCorsConfiguration(path, cors);
		}
		return source;
	}

	/**
	 * The admin page someone asked for before signing in, to go back to afterwards: kept
	 * in a cookie, not a session, and only for pages (an API client is not sent to sign
	 * in).
	 */
	private static RequestCache adminPagesToReturnTo() {
		CookieRequestCache cache = new CookieRequestCache();
		cache.setRequestMatcher((request) -> HttpMethod.GET.matches(request.getMethod())
				&& request.getRequestURI().startsWith(request.getContextPath() + "/admin"));
		return cache;
	}

	private static RequestMatcher carriesOwnCredentials() {
		return (request) -> request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| request.getHeader("X-API-Key") != null;
	}

	private static RequestMatcher adminPages() {
		return (request) -> request.getRequestURI().startsWith(request.getContextPath() + "/admin");
	}

	private static RequestMatcher actuatorRequests() {
		return (request) -> request.getRequestURI().startsWith(request.getContextPath() + "/actuator");
	}

	private static RequestMatcher apiRequests() {
		return (request) -> request.getRequestURI().startsWith(request.getContextPath() + "/api/");
	}

}
