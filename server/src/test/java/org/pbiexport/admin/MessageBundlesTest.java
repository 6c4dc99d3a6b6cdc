package org.pbiexport.admin;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.pbiexport.powerbi.EmbedKind;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UI's message bundles as files: every English key has a German text and the other
 * way round, every key a template asks for exists, no key is defined in two bundles (the
 * first bundle would silently win), and every text is valid MessageFormat written by the
 * quoting rule Spring applies (a text without arguments is used as it is).
 */
class MessageBundlesTest {

	/** A message expression's key: {@code #{key}} or {@code #{key(args)}}. */
	private static final Pattern MESSAGE = Pattern.compile("#\\{([^}(]+)");

	/** {@code #messages.msg('key', ...)} and its kin. */
	private static final Pattern UTILITY = Pattern.compile("#messages\\.msg\\w*\\('([^']+)'(\\s*\\+)?");

	/**
	 * The literal start of a key built at run time: {@code ${'bulk.title.' + action}},
	 * {@code |diff.${kind}|}.
	 */
	private static final Pattern PREFIX = Pattern.compile("^(?:\\$\\{'|\\|)([\\w.-]+)");

	private final PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();

	@Test
	void everyReportsTextExistsInEnglishAndGerman() throws IOException {
		Map<String, String> english = bundle("classpath:i18n/reports.properties");
		Map<String, String> german = bundle("classpath:i18n/reports_de.properties");

		assertThat(english).hasSizeGreaterThan(200);
		assertThat(german.keySet()).containsExactlyInAnyOrderElementsOf(english.keySet());
		assertThat(german).containsEntry("layout.nav.reports", "Berichte")
			.containsEntry("form.page.height", "Höhe")
			.containsEntry("delete.intro", "Mit diesem Bericht wird endgültig auch gelöscht:");
	}

	@Test
	void everyKeyTheTemplatesUseExists() throws IOException {
		Set<String> keys = new TreeSet<>();
		for (Resource bundle : bundles()) {
			keys.addAll(load(bundle).keySet());
		}
		List<String> missing = new ArrayList<>();
		Resource[] templates = this.resources.getResources("classpath*:templates/**/*.html");
		assertThat(templates).hasSizeGreaterThan(20);
		int used = 0;
		for (Resource template : templates) {
			String html = template.getContentAsString(StandardCharsets.UTF_8);
			List<String[]> wanted = new ArrayList<>();
			Matcher message = MESSAGE.matcher(html);
			while (message.find()) {
				String key = message.group(1).strip();
				Matcher prefix = PREFIX.matcher(key);
				wanted.add(prefix.find() ? new String[] { prefix.group(1), "prefix" } : new String[] { key, "key" });
			}
			Matcher utility = UTILITY.matcher(html);
			while (utility.find()) {
				wanted.add(new String[] { utility.group(1), (utility.group(2) != null) ? "prefix" : "key" });
			}
			for (String[] key : wanted) {
				used++;
				boolean found = key[1].equals("key") ? keys.contains(key[0])
						: keys.stream().anyMatch((known) -> known.startsWith(key[0]));
				if (!found) {
					missing.add(template.getFilename() + ": " + key[0]);
				}
			}
		}
		assertThat(used).isGreaterThan(250);
		assertThat(missing).isEmpty();
	}

	@Test
	void noKeyIsDefinedInTwoBundles() throws IOException {
		Map<String, String> definedIn = new LinkedHashMap<>();
		List<String> twice = new ArrayList<>();
		for (Resource bundle : bundles()) {
			if (bundle.getFilename().contains("_")) {
				continue;
			}
			for (String key : load(bundle).keySet()) {
				String first = definedIn.putIfAbsent(key, bundle.getFilename());
				if (first != null) {
					twice.add(key + " in " + first + " and " + bundle.getFilename());
				}
			}
		}
		assertThat(twice).isEmpty();
	}

	@Test
	void everyTextIsValidMessageFormatQuotedAsSpringReadsIt() throws IOException {
		List<String> wrong = new ArrayList<>();
		for (Resource bundle : bundles()) {
			Locale locale = bundle.getFilename().contains("_de") ? Locale.GERMAN : Locale.ENGLISH;
			load(bundle).forEach((key, text) -> {
				boolean arguments = text.matches("(?s).*\\{\\d.*");
				if (arguments) {
					try {
						new MessageFormat(text, locale);
					}
					catch (IllegalArgumentException ex) {
						wrong.add(bundle.getFilename() + " " + key + ": " + ex.getMessage());
					}
					if (text.replace("''", "").contains("'")) {
						wrong.add(bundle.getFilename() + " " + key + ": a quote in a text with arguments is ''");
					}
				}
				else if (text.contains("''")) {
					wrong.add(bundle.getFilename() + " " + key + ": a text without arguments is used as it is: '");
				}
			});
		}
		assertThat(wrong).isEmpty();
	}

	@Test
	void theEnglishEmbedKindTextsAreTheCatalogues() throws IOException {
		Map<String, String> english = bundle("classpath:i18n/reports.properties");
		for (EmbedKind kind : EmbedKind.values()) {
			assertThat(english).containsEntry("embed.kind." + kind.wireName(), kind.describe());
		}
	}

	private List<Resource> bundles() throws IOException {
		List<Resource> bundles = new ArrayList<>();
		bundles.addAll(List.of(this.resources.getResources("classpath*:messages*.properties")));
		bundles.addAll(List.of(this.resources.getResources("classpath*:i18n/*.properties")));
		assertThat(bundles).hasSizeGreaterThanOrEqualTo(8);
		return bundles;
	}

	private Map<String, String> bundle(String location) throws IOException {
		return load(this.resources.getResource(location));
	}

	/** A bundle read as Spring Boot reads it: UTF-8. */
	private static Map<String, String> load(Resource bundle) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = new InputStreamReader(bundle.getInputStream(), StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		Map<String, String> texts = new LinkedHashMap<>();
		properties.stringPropertyNames().forEach((key) -> texts.put(key, properties.getProperty(key)));
		return texts;
	}

}
