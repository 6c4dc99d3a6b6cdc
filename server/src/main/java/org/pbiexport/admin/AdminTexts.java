package org.pbiexport.admin;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The admin pages' texts that Java puts on them (flash messages, notices, problems), in
 * the language of the request being answered: English in {@code i18n/reports.properties},
 * German in {@code i18n/reports_de.properties}.
 */
@Component
class AdminTexts {

	private final MessageSource messages;

	AdminTexts(MessageSource messages) {
		this.messages = messages;
	}

	/** The text under {@code key} with its arguments filled in. */
	String text(String key, Object... arguments) {
		return this.messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
	}

	/** The text under {@code key}, or {@code fallback} when no bundle has one. */
	String textOr(String key, String fallback, Object... arguments) {
		String text = this.messages.getMessage(key, arguments, fallback, LocaleContextHolder.getLocale());
		return (text != null) ? text : fallback;
	}

	/**
	 * The text under {@code key} for a controller that does not hold this bean: read from
	 * the request's application context, in the request's language.
	 */
	static String text(HttpServletRequest request, String key, Object... arguments) {
		MessageSource messages = RequestContextUtils.findWebApplicationContext(request);
		if (messages == null) {
			throw new IllegalStateException("No application context for " + request.getRequestURI());
		}
		return messages.getMessage(key, arguments, RequestContextUtils.getLocale(request));
	}

}
