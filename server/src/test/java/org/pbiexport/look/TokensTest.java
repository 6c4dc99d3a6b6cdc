package org.pbiexport.look;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One look for portal, admin and widget: the widget, which lives in other people's pages
 * and cannot link a stylesheet of ours, carries a copy of {@code /css/tokens.css}; this
 * test fails when the copy and the file differ (a build-free guard against drift), and
 * when the admin's or the portal's stylesheet names a colour of its own instead of a
 * token.
 */
class TokensTest {

	private static final Path STATIC = Path.of("src/main/resources/static");

	private static final Pattern DECLARATION = Pattern.compile("(--pbx-[\\w-]+)\\s*:\\s*([^;{}]+?)\\s*(?=[;}])");

	private static final Pattern LIGHT_DARK = Pattern.compile("light-dark\\((#[0-9a-f]{6}),(#[0-9a-f]{6})\\)");

	@Test
	void theWidgetCarriesTheSameTokensAsTheSharedStylesheet() throws IOException {
		String css = Files.readString(STATIC.resolve("css/tokens.css"));
		int media = css.indexOf("@media (prefers-color-scheme: dark)");
		Map<String, String> light = declarations(css.substring(css.indexOf(":root {"), media));
		Map<String, String> dark = declarations(css.substring(media));

		String widget = widgetTokens();
		int supports = widget.indexOf("@supports (color:light-dark(#000,#fff))");
		assertThat(supports).as("the widget's dark tokens behind @supports light-dark()").isPositive();
		assertThat(declarations(widget.substring(0, supports))).as("the widget's light tokens")
			.containsExactlyEntriesOf(light);
		Map<String, String> widgetDark = new LinkedHashMap<>();
		declarations(widget.substring(supports)).forEach((name, value) -> {
			Matcher pair = LIGHT_DARK.matcher(value);
			assertThat(pair.matches()).as(name + " is light-dark(light,dark): " + value).isTrue();
			assertThat(pair.group(1)).as(name + "'s light value").isEqualTo(light.get(name));
			widgetDark.put(name, pair.group(2));
		});
		assertThat(widgetDark).as("the widget's dark tokens").containsExactlyEntriesOf(dark);
		assertThat(light).containsKeys("--pbx-danger", "--pbx-ok", "--pbx-warn", "--pbx-text-md", "--pbx-space-4",
				"--pbx-radius", "--pbx-focus");
	}

	@Test
	void adminAndPortalStylesNameNoColourOfTheirOwn() throws IOException {
		for (String sheet : new String[] { "admin/admin.css", "portal/portal.css" }) {
			String css = Files.readString(STATIC.resolve(sheet));
			assertThat(Pattern.compile("#[0-9a-fA-F]{3,8}\\b").matcher(css).results().map(MatchResult::group))
				.as(sheet + " uses tokens, not colours")
				.isEmpty();
		}
	}

	/** The quoted CSS between the widget's tokens:start and tokens:end comments. */
	private static String widgetTokens() throws IOException {
		String js = Files.readString(STATIC.resolve("widget/pbi-export.js"));
		String block = js.substring(js.indexOf("/* tokens:start */"), js.indexOf("/* tokens:end */"));
		StringBuilder css = new StringBuilder();
		Matcher quoted = Pattern.compile("'([^']*)'").matcher(block);
		while (quoted.find()) {
			css.append(quoted.group(1));
		}
		return css.toString();
	}

	private static Map<String, String> declarations(String css) {
		Map<String, String> found = new LinkedHashMap<>();
		Matcher declaration = DECLARATION.matcher(css);
		while (declaration.find()) {
			found.put(declaration.group(1), declaration.group(2).replaceAll("\\s+", " "));
		}
		return found;
	}

}
