package org.pbiexport.export;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.ProblemWriter;
import org.pbiexport.web.RequestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Tells the export log about every export the public API answers
 * ({@link ExportAnswered}): a direct export once its answer is decided, whatever it is
 * (the file, a 304, a refusal, a failed render), with what the controller noted on the
 * request; an export job when it finishes, or when it is refused before it is queued.
 * Telling never fails an export.
 */
@Component
class ExportAudit implements HandlerInterceptor, WebMvcConfigurer {

	private static final Logger log = LoggerFactory.getLogger(ExportAudit.class);

	private static final String STARTED = ExportAudit.class.getName() + ".started";

	private static final String NOTED = ExportAudit.class.getName() + ".noted";

	private final ApplicationEventPublisher events;

	private final Clock clock = Clock.systemUTC();

	ExportAudit(ApplicationEventPublisher events) {
		this.events = events;
	}

	/** What a request made known about its export, as it was learnt. */
	private static final class Noted {

		@Nullable Long reportId;

		@Nullable Admitted export;

		@Nullable String cache;

	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (audited(handler)) {
			request.setAttribute(STARTED, this.clock.millis());
			request.setAttribute(NOTED, new Noted());
		}
		return true;
	}

	/** The report id a request named, as far as it could be read. */
	static void asked(HttpServletRequest request, @Nullable String reportId) {
		if (request.getAttribute(NOTED) instanceof Noted noted && reportId != null
				&& reportId.trim().matches("[0-9]{1,18}")) {
			noted.reportId = Long.valueOf(reportId.trim());
		}
	}

	/** A dry run renders nothing: not an export to log. */
	static void notAnExport(HttpServletRequest request) {
		request.removeAttribute(NOTED);
	}

	/** The admitted export of a request, and whether its file came from the cache. */
	static void admitted(HttpServletRequest request, Admitted export, @Nullable Boolean hit) {
		if (request.getAttribute(NOTED) instanceof Noted noted) {
			noted.export = export;
			noted.reportId = export.reportId();
			noted.cache = (hit == null) ? null : (hit ? "HIT" : "MISS");
		}
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		if (!(request.getAttribute(NOTED) instanceof Noted noted)
				|| !(request.getAttribute(STARTED) instanceof Long started)) {
			return;
		}
		int status = (ex != null && response.getStatus() < 400) ? 500 : response.getStatus();
		if (status == HttpStatus.ACCEPTED.value()) {
			// A queued job: told when it finishes.
			return;
		}
		try {
			Instant now = this.clock.instant();
			publish(event(now, caller(request), noted.reportId, noted.export, noted.cache, status,
					ProblemWriter.answeredSlug(request, status), now.toEpochMilli() - started, null));
		}
		catch (RuntimeException failure) {
			log.warn("Could not tell the export log of {} {}: {}", request.getMethod(), request.getRequestURI(),
					failure.toString());
		}
	}

	/** The caller of a request: its API key, else its signed-in user, else anonymous. */
	static ExportAnswered.Caller caller(HttpServletRequest request) {
		RequestClient.ApiKeyName key = RequestClient.apiKey(request);
		if (key != null) {
			return new ExportAnswered.Caller("key", key.name(), key.prefix());
		}
		Principal user = request.getUserPrincipal();
		return (user != null) ? new ExportAnswered.Caller("user", user.getName(), null)
				: ExportAnswered.Caller.ANONYMOUS;
	}

	/** Tells of a finished export job. */
	void jobFinished(ExportAnswered.Caller caller, Admitted export, String jobId, Instant created, boolean hit,
			@Nullable ApiProblem problem) {
		Instant now = this.clock.instant();
		int status = (problem != null) ? problem.status().value() : HttpStatus.OK.value();
		String slug = (problem != null) ? problem.type().getPath().replaceFirst("^/problems/", "") : null;
		publish(event(now, caller, export.reportId(), export, hit ? "HIT" : "MISS", status, slug,
				now.toEpochMilli() - created.toEpochMilli(), jobId));
	}

	private static ExportAnswered event(Instant at, ExportAnswered.Caller caller, @Nullable Long reportId,
			@Nullable Admitted export, @Nullable String cache, int status, @Nullable String problem, long duration,
			@Nullable String jobId) {
		if (export == null) {
			return new ExportAnswered(at, caller, reportId, null, List.of(), Map.of(), null, null, status, problem,
					duration, jobId);
		}
		ExportPlan plan = export.plan();
		Map<String, List<String>> filters = new LinkedHashMap<>();
		for (ExportPlan.AppliedFilter applied : plan.filters()) {
			filters.put(applied.filter().column(),
					applied.values().stream().map((value) -> applied.filter().type().format(value)).toList());
		}
		return new ExportAnswered(at, caller, reportId, plan.report().title(),
				plan.pages().stream().map((page) -> page.name()).toList(), filters,
				plan.format().name().toLowerCase(Locale.ROOT), cache, status, problem, duration, jobId);
	}

	private void publish(ExportAnswered event) {
		try {
			this.events.publishEvent(event);
		}
		catch (RuntimeException ex) {
			log.warn("Could not write export of report {} to the export log: {}", event.reportId(), ex.toString());
		}
	}

	private static boolean audited(Object handler) {
		return handler instanceof HandlerMethod method && (method.getBeanType() == ExportApi.class
				|| (method.getBeanType() == ExportJobApi.class && "queue".equals(method.getMethod().getName())));
	}

}
