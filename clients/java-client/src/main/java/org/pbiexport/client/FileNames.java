package org.pbiexport.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file name a {@code Content-Disposition} header suggests, made safe to save under.
 */
final class FileNames {

	private static final Pattern EXTENDED = Pattern.compile("filename\\*=UTF-8''([^;]+)", Pattern.CASE_INSENSITIVE);

	private static final Pattern PLAIN = Pattern.compile("filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

	private FileNames() {
	}

	static String fromDisposition(String disposition, String contentType) {
		String name = null;
		Matcher extended = EXTENDED.matcher(disposition);
		if (extended.find()) {
			name = URLDecoder.decode(extended.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		else {
			Matcher plain = PLAIN.matcher(disposition);
			if (plain.find()) {
				name = plain.group(1);
			}
		}
		if (name == null || name.isBlank()) {
			name = "export" + (contentType.startsWith("application/pdf") ? ".pdf" : ".png");
		}
		// A name from a server never chooses a folder: only its last part, without
		// separators.
		name = name.replace('\\', '/');
		name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\x00-\\x1f]", "");
		return (name.isBlank() || name.startsWith(".")) ? "export" + name : name;
	}

}
