package org.pbiexport.widget;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /widget/texts}: the portal's and the widget's texts in one language, from
 * the {@code i18n/portal} message bundle, as MessageFormat patterns ({@code {0}} an
 * argument, {@code ''} a quote) that the scripts fill in; a count's singular and plural
 * are two keys ({@code .one}, {@code .other}). The language is {@code lang} if given,
 * else the browser's {@code Accept-Language}; English when neither names a language the
 * bundle has. Anyone may read it (the texts are those of the public script) and keep it
 * an hour, per {@code Accept-Language}.
 */
@RestController
@Tag(name = "Widget", description = "The embeddable widget's script and texts")
class WidgetTexts {

	static final String BUNDLE = "i18n/portal";

	static final Locale ENGLISH = Locale.ENGLISH;

	/** The languages with a bundle of their own; English is the base bundle. */
	static final List<Locale> LANGUAGES = List.of(ENGLISH, Locale.GERMAN);

	private final MessageSource messages;

	private final List<String> keys;

	WidgetTexts(MessageSource messages) {
		this.messages = messages;
		this.keys = keysOf(BUNDLE + ".properties");
	}

	@GetMapping(path = "/widget/texts", produces = "application/json")
	@Operation(operationId = "widgetTexts",
			summary = "The portal's and the widget's texts in one language (optional; an addition to the contract)",
			description = "MessageFormat patterns by key: `{0}` is an argument, `''` a quote; a count's singular and "
					+ "plural are the keys `<key>.one` and `<key>.other`. The language is `lang` if given, else "
					+ "`Accept-Language`; English when neither is a language the server has (English, German). "
					+ "Cacheable for an hour, varying by `Accept-Language`.")
	ResponseEntity<UiTexts> texts(
			@Parameter(description = "a language tag such as `de` or `de-AT`; default Accept-Language") @RequestParam(
					name = "lang", required = false) @Nullable String lang,
			@RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) @Nullable String acceptLanguage) {
		Locale locale = language(lang, acceptLanguage);
		Map<String, String> texts = new LinkedHashMap<>();
		for (String key : this.keys) {
			texts.put(key, this.messages.getMessage(key, null, key, locale));
		}
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
			.varyBy(HttpHeaders.ACCEPT_LANGUAGE)
			.header(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage())
			.body(new UiTexts(locale.getLanguage(), texts));
	}

	/**
	 * The language of {@code lang} when given (an unknown or malformed one is English, as
	 * a page's {@code <html lang>} may be anything), else the best of
	 * {@code Accept-Language}.
	 */
	static Locale language(@Nullable String lang, @Nullable String acceptLanguage) {
		if (lang != null && !lang.isBlank()) {
			return known(Locale.forLanguageTag(lang.trim().replace('_', '-')).getLanguage());
		}
		if (acceptLanguage == null || acceptLanguage.isBlank()) {
			return ENGLISH;
		}
		try {
			Locale best = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), LANGUAGES);
			return (best != null) ? best : ENGLISH;
		}
		catch (IllegalArgumentException ex) {
			return ENGLISH;
		}
	}

	private static Locale known(String language) {
		return LANGUAGES.stream().filter((l) -> l.getLanguage().equals(language)).findFirst().orElse(ENGLISH);
	}

	/**
	 * The texts of one language.
	 *
	 * @param lang the language they are in: {@code en} or {@code de}
	 * @param texts MessageFormat pattern by key
	 */
	record UiTexts(String lang, Map<String, String> texts) {
	}

	/** The keys of the base (English) bundle, sorted: every language has the same. */
	static List<String> keysOf(String resource) {
		Properties properties = new Properties();
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The portal's texts are part of the app", ex);
		}
		return List.copyOf(new TreeSet<>(properties.stringPropertyNames()));
	}

}
