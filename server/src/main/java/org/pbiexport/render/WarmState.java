package org.pbiexport.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

import com.microsoft.playwright.Page;
import org.jspecify.annotations.Nullable;

/**
 * What a warm session remembers of its report beyond its key: the embed token it holds (a
 * digest) and when that expires, and the slicer states each page showed when it was first
 * drawn, which are the report's defaults. A later render with another token for the same
 * report and identity renews the token in place ({@code report.setAccessToken}, no
 * reload); a render whose page's slicers are not as first drawn falls back to a fresh
 * load, which restores them.
 */
final class WarmState {

	/** Resolves once Power BI accepted the token, see host.js. */
	static final String SET_TOKEN = "(token) => window.pbiExport.setAccessToken(token)";

	/** {@code {page, slicers}}: the shown page and its slicer states as JSON text. */
	static final String SLICERS = "() => window.pbiExport.slicers()";

	private String tokenDigest;

	private Instant tokenExpires;

	private final Map<String, String> slicerDefaults = new HashMap<>();

	WarmState(RenderJob loadedBy) {
		this.tokenDigest = digest(token(loadedBy));
		this.tokenExpires = tokenExpires(loadedBy);
	}

	Instant tokenExpires() {
		return this.tokenExpires;
	}

	/**
	 * When the embed token of the job expires: the session's after it served the job.
	 */
	static Instant tokenExpires(RenderJob job) {
		RenderJob.SdkEmbed sdk = job.sdk();
		return (sdk != null && sdk.warm() != null) ? sdk.warm().tokenExpires() : Instant.now();
	}

	/**
	 * Gives the loaded report the job's embed token when it is not the one it holds,
	 * waiting until Power BI accepted it; a refusal throws, and the session is then not
	 * used.
	 */
	void renew(Page page, RenderJob job) {
		String token = token(job);
		String digest = digest(token);
		if (!digest.equals(this.tokenDigest)) {
			page.evaluate(SET_TOKEN, token);
			this.tokenDigest = digest;
		}
		this.tokenExpires = tokenExpires(job);
	}

	/** Records the slicer states of the page the report was loaded with. */
	@SuppressWarnings("unchecked")
	void recordLoaded(Page page) {
		Map<String, Object> answer = (Map<String, Object>) page.evaluate(SLICERS);
		asLoaded(String.valueOf(answer.get("page")), (String) answer.get("slicers"));
	}

	/**
	 * Whether a page's slicer states are those it showed when first drawn in this
	 * session; on a page's first visit they are recorded as such. Null states (not read)
	 * are never as loaded.
	 */
	boolean asLoaded(@Nullable String page, @Nullable String slicers) {
		if (page == null || slicers == null) {
			return false;
		}
		return slicers.equals(this.slicerDefaults.computeIfAbsent(page, (first) -> slicers));
	}

	private static String token(RenderJob job) {
		return String.valueOf(Objects.requireNonNull(job.sdk()).config().get("accessToken"));
	}

	private static String digest(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
