package org.pbiexport.widget;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal's and the widget's texts: English and German have the same keys and
 * arguments, German is real UTF-8, every key the scripts and the page ask for exists, and
 * the English texts built into the scripts are those of the bundle.
 */
class TextsTest {

	static final Path RESOURCES = Path.of("src/main/resources");

	static final Pattern KEY = Pattern.compile("'((?:widget|portal)\\.[a-z0-9.]+)'");

	static final Pattern HTML_KEY = Pattern.compile("data-text(?:-[a-z-]+)?=\"([a-z0-9.]+)\"");

	static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)\\}");

	@Test
	void englishAndGermanHaveTheSameKeysAndArguments() throws IOException {
		Map<String, String> english = bundle("i18n/portal.properties");
		Map<String, String> german = bundle("i18n/portal_de.properties");
		assertThat(german.keySet()).isEqualTo(english.keySet());
		assertThat(english).hasSizeGreaterThan(80);
		english.forEach((key, text) -> {
			assertThat(arguments(german.get(key))).as(key).isEqualTo(arguments(text));
			assertThat(german.get(key)).as(key).isNotBlank();
		});
		// German, not English again
		assertThat(german.entrySet().stream().filter((e) -> e.getValue().equals(english.get(e.getKey()))).count())
			.isLessThan(5);
		assertThat(german.get("widget.error.503")).isEqualTo("Der Export-Server ist gerade kurz nicht verfügbar.");
		assertThat(german.get("widget.select.all")).isEqualTo("Alle wählen");
	}

	@Test
	void everyKeyTheScriptsAndThePageAskForExistsAndEveryKeyIsAskedFor() throws IOException {
		Set<String> keys = bundle("i18n/portal.properties").keySet();
		Set<String> asked = new TreeSet<>();
		for (String script : new String[] { "static/widget/pbi-export.js", "static/portal/portal.js" }) {
			String code = withoutTable(read(script));
			Matcher matcher = KEY.matcher(code);
			while (matcher.find()) {
				asked.add(matcher.group(1));
			}
		}
		Matcher html = HTML_KEY.matcher(read("static/index.html"));
		while (html.find()) {
			asked.add(html.group(1));
		}
		assertThat(asked).hasSizeGreaterThan(80);
		assertThat(keys).containsAll(asked);
		assertThat(asked).containsAll(keys);
	}

	@Test
	void theScriptsBuiltInEnglishIsTheBundles() throws IOException {
		Map<String, String> english = bundle("i18n/portal.properties");
		Map<String, String> builtIn = new TreeMap<>();
		builtIn.putAll(table(read("static/widget/pbi-export.js")));
		builtIn.putAll(table(read("static/portal/portal.js")));
		builtIn.forEach((key, text) -> assertThat(english.get(key)).as(key).isEqualTo(text));
		// and the page's own English is the bundle's
		Matcher html = Pattern.compile("data-text=\"([a-z0-9.]+)\">([^<]*)<").matcher(read("static/index.html"));
		int found = 0;
		while (html.find()) {
			assertThat(english.get(html.group(1))).as(html.group(1)).isEqualTo(html.group(2));
			found++;
		}
		assertThat(found).isGreaterThan(5);
	}

	/** The keys and texts between the script's texts:start and texts:end. */
	private static Map<String, String> table(String script) {
		String json = script.substring(script.indexOf("/* texts:start */"), script.indexOf("/* texts:end */"));
		json = json.substring(json.indexOf('{'), json.lastIndexOf('}') + 1);
		return JsonMapper.builder().build().readValue(json, new TypeReference<Map<String, String>>() {
		});
	}

	private static String withoutTable(String script) {
		return script.substring(0, script.indexOf("/* texts:start */"))
				+ script.substring(script.indexOf("/* texts:end */"));
	}

	private static Set<String> arguments(String text) {
		Set<String> found = new TreeSet<>();
		Matcher matcher = ARGUMENT.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

	/**
	 * A bundle read as Spring reads it (UTF-8), failing on anything that is not UTF-8.
	 */
	private static Map<String, String> bundle(String name) throws IOException {
		Properties properties = new Properties();
		properties.load(new StringReader(read(name)));
		Map<String, String> texts = new TreeMap<>();
		properties.stringPropertyNames().forEach((key) -> texts.put(key, properties.getProperty(key)));
		return texts;
	}

	private static String read(String name) throws IOException {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(Files.readAllBytes(RESOURCES.resolve(name))))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new AssertionError(name + " is not UTF-8", ex);
		}
	}

}
