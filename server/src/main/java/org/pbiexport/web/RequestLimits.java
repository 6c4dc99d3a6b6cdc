package org.pbiexport.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the JSON bodies of the export and admin APIs ({@link HttpLimits}), before anyone
 * reads them: a body announced as larger is refused with 413 at once, without reading it,
 * and the connection is closed; a body sent in chunks is cut off where it passes the
 * limit. Without this, three 60 MB bodies at once ran the server out of memory.
 */
class RequestLimits extends OncePerRequestFilter {

	private static final Set<String> EXPORT_PATHS = Set.of("/api/export", "/api/export/", "/export", "/export/",
			"/api/exports", "/api/exports/");

	private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

	private final HttpLimits limits;

	private final ProblemWriter problems;

	RequestLimits(HttpLimits limits, ProblemWriter problems) {
		this.limits = limits;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = limitFor(request);
		if (limit < 0) {
			chain.doFilter(request, response);
			return;
		}
		if (request.getContentLengthLong() > limit) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
			this.problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
					"The request body is larger than " + describe(limit) + ", the most this endpoint takes.");
			return;
		}
		chain.doFilter(new Limited(request, limit), response);
	}

	/** The limit for this request's body, or -1 for none set here. */
	private long limitFor(HttpServletRequest request) {
		if (!WITH_BODY.contains(request.getMethod())) {
			return -1;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (EXPORT_PATHS.contains(path)) {
			return this.limits.maxExportBody().toBytes();
		}
		String type = request.getContentType();
		if (path.startsWith("/api/admin/")
				&& (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/"))) {
			return this.limits.maxAdminBody().toBytes();
		}
		return -1;
	}

	static String describe(long bytes) {
		return (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) ? (bytes / (1024 * 1024)) + " MB"
				: (bytes >= 1024 && bytes % 1024 == 0) ? (bytes / 1024) + " KB" : bytes + " bytes";
	}

	/** The request with a body that stops being readable past the limit. */
	private static final class Limited extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream body;

		Limited(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.body == null) {
				this.body = new CountingStream(super.getInputStream(), this.limit);
			}
			return this.body;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	private static final class CountingStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private long read;

		CountingStream(ServletInputStream in, long limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws IOException {
			this.read += n;
			if (this.read > this.limit) {
				throw new BodyTooLarge(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}
