package org.pbiexport.widget;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves {@code /widget/pbi-export.js} as UTF-8 JavaScript that browsers may keep an hour
 * (a new version reaches every site within the hour, revalidated cheaply by its ETag);
 * with {@code ?v=<version>} of the current version, a year ({@code immutable}), for sites
 * that change the address when they update. The current version is in the {@code ETag}
 * and in a {@code Link} header with the versioned address; an old version still gets the
 * current script, kept only an hour, so a pinned address never breaks.
 */
@RestController
class WidgetScript {

	static final Duration SHORT = Duration.ofHours(1);

	static final Duration LONG = Duration.ofDays(365);

	static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=utf-8");

	private final byte[] script;

	private final String version;

	WidgetScript() {
		try (InputStream in = new ClassPathResource("static/widget/pbi-export.js").getInputStream()) {
			this.script = in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The widget script is part of the app", ex);
		}
		this.version = versionOf(this.script);
	}

	@GetMapping("/widget/pbi-export.js")
	ResponseEntity<byte[]> script(@RequestParam(name = "v", required = false) String wanted,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		String etag = "\"" + this.version + "\"";
		CacheControl cache = this.version.equals(wanted) ? CacheControl.maxAge(LONG).cachePublic().immutable()
				: CacheControl.maxAge(SHORT).cachePublic();
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.OK)
			.eTag(etag)
			.cacheControl(cache)
			.header(HttpHeaders.LINK, "</widget/pbi-export.js?v=" + this.version + ">; rel=\"canonical\"");
		if (ifNoneMatch != null && ifNoneMatch.contains(etag)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(answer.build().getHeaders()).build();
		}
		return answer.contentType(JAVASCRIPT).body(this.script);
	}

	/** The first 12 hex digits of the script's SHA-256. */
	static String versionOf(byte[] script) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script)).substring(0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
