package org.pbiexport.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The texts a controller puts on a page (flash messages, the problems beside fields), in
 * the language of the request being answered (its Accept-Language, English by default).
 */
@Component
public class PageTexts {

	private final MessageSource messages;

	PageTexts(MessageSource messages) {
		this.messages = messages;
	}

	/** The message {@code code} with its arguments, in the request's language. */
	public String get(String code, Object... arguments) {
		return this.messages.getMessage(code, arguments, locale());
	}

	/** The text in the request's language; its English when its code is not known. */
	public String get(Text text) {
		String said = this.messages.getMessage(text.code(), text.arguments().toArray(), null, locale());
		return (said != null) ? said : text.english();
	}

	/** The problem's message in the request's language: translated when it has a text. */
	public String get(FieldProblem problem) {
		return (problem.text() != null) ? get(problem.text()) : problem.message();
	}

	/** Each field's text in the request's language, in the same order. */
	public Map<String, String> all(Map<String, Text> texts) {
		Map<String, String> said = new LinkedHashMap<>();
		texts.forEach((field, text) -> said.put(field, get(text)));
		return said;
	}

	/**
	 * The problem as one line: its detail, or its first field's message in the request's
	 * language when it names fields ({@code field: message}, the field in words).
	 */
	public String get(ApiProblem problem) {
		if (problem.errors().size() != 1 || problem.errors().get(0).text() == null) {
			return problem.getMessage();
		}
		FieldProblem field = problem.errors().get(0);
		return get("access.problem", fieldName(field.field()), get(field));
	}

	private String fieldName(String field) {
		String said = this.messages.getMessage("access.field." + field, null, null, locale());
		return (said != null) ? said : field;
	}

	/** The language of the request being answered. */
	public Locale locale() {
		return LocaleContextHolder.getLocale();
	}

}
