package org.pbiexport.export;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * How an exported file is answered (docs/contract.md): its type,
 * {@code Content-Disposition} with the file name, {@code ETag} (the cache key) and
 * {@code X-Cache}; the same for direct exports and jobs.
 */
@Component
class ExportFiles {

	private static final Map<ExportFormat, MediaType> TYPES = Arrays.stream(ExportFormat.values())
		.collect(Collectors.toMap((format) -> format, (format) -> MediaType.parseMediaType(format.contentType())));

	private static final String CACHE_CONTROL = CacheControl.noCache().cachePrivate().getHeaderValue();

	ResponseEntity<byte[]> response(ExportFile file, Labels labels, boolean hit) {
		return headers(file.format(), labels, hit, file.readiness(), file.renderedBy()).body(file.bytes());
	}

	/**
	 * The headers of an exported file, for a body given apart (a job's file streamed from
	 * disk).
	 */
	ResponseEntity.BodyBuilder headers(ExportFormat format, Labels labels, boolean hit, String readiness,
			String renderedBy) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (!hit && renderedBy != null) {
			response.header("X-Rendered-By", renderedBy);
		}
		return response.contentType(TYPES.get(format))
			.header(HttpHeaders.CONTENT_DISPOSITION, labels.disposition())
			.header(HttpHeaders.ETAG, labels.etag())
			.header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
			.header("X-Cache", hit ? "HIT" : "MISS")
			.header("X-Render-Readiness", readiness);
	}

	/**
	 * What a plan's file is answered with besides its bytes: {@code Content-Disposition}
	 * and {@code ETag}. Made once per plan (a repeated request reuses them), and kept
	 * with a job so that its file is answered the same after a restart.
	 */
	record Labels(String disposition, String etag) {

		static Labels of(ExportPlan plan) {
			return new Labels(ExportFiles.disposition(ExportEngine.fileName(plan), plan), ExportFiles.etag(plan));
		}

	}

	/**
	 * {@code attachment; filename="<safe ASCII>"} as docs/contract.md says, plus RFC
	 * 6266's {@code filename*} in UTF-8 when the title, page or values have letters ASCII
	 * lacks ({@code 売上-概要.png} rather than {@code report.png}); browsers prefer it.
	 */
	static String disposition(String asciiName, ExportPlan plan) {
		String header = (plan.download() ? ContentDisposition.attachment() : ContentDisposition.inline())
			.filename(asciiName)
			.build()
			.toString();
		String name = unicodeName(plan);
		return name.equals(asciiName) ? header
				: header + "; filename*=UTF-8''" + UriUtils.encode(name, StandardCharsets.UTF_8);
	}

	/**
	 * What a file name is made of: report title, the page when one, the filter values.
	 */
	static List<String> nameParts(ExportPlan plan) {
		List<String> parts = new ArrayList<>();
		parts.add(plan.report().title());
		if (plan.pages().size() == 1) {
			parts.add(plan.pages().get(0).displayName());
		}
		plan.filters()
			.forEach(
					(applied) -> applied.values().forEach((value) -> parts.add(applied.filter().type().format(value))));
		return parts;
	}

	/**
	 * The same parts as the ASCII name, with the letters and digits of every script kept:
	 * {@code <report-title>-<page>-<filter values>.<ext>}.
	 */
	static String unicodeName(ExportPlan plan) {
		List<String> parts = nameParts(plan);
		String name = Normalizer.normalize(String.join("-", parts), Normalizer.Form.NFC)
			.replaceAll("[^\\p{L}\\p{N}\\p{M}]+", "-")
			.replaceAll("(^-+|-+$)", "");
		if (name.codePointCount(0, name.length()) > 120) {
			name = name.substring(0, name.offsetByCodePoints(0, 120)).replaceAll("-+$", "");
		}
		return (name.isEmpty() ? "report" : name) + "." + plan.format().wireName();
	}

	static String etag(ExportPlan plan) {
		return "\"" + plan.cacheKey().value() + "\"";
	}

	/**
	 * Where the renderer reaches this app, for reports registered by path (the demo):
	 * over the loopback interface, whatever name the client used.
	 */
	static String renderBaseUrl(HttpServletRequest request) {
		return "http://127.0.0.1:" + request.getLocalPort() + request.getContextPath();
	}

}
