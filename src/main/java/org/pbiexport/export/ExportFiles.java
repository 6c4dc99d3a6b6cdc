package org.pbiexport.export;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * How an exported file is answered (CONTRACT.md): its type, {@code Content-Disposition}
 * with the file name, {@code ETag} (the cache key) and {@code X-Cache}; the same for
 * direct exports and jobs.
 */
@Component
class ExportFiles {

	ResponseEntity<byte[]> response(ExportFile file, ExportPlan plan, boolean hit, HttpServletRequest request) {
		ContentDisposition disposition = (plan.download() ? ContentDisposition.attachment()
				: ContentDisposition.inline())
			.filename(file.fileName())
			.build();
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(file.format().contentType()))
			.header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
			.eTag(etag(plan))
			.cacheControl(CacheControl.noCache().cachePrivate())
			.header("X-Cache", hit ? "HIT" : "MISS")
			.header("X-Render-Readiness", file.readiness())
			.body(file.bytes());
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
