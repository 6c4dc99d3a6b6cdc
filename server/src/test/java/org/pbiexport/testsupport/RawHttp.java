package org.pbiexport.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: addresses with
 * {@code %00} or {@code %2F}, a request line longer than the server takes, a body that is
 * announced but not sent. Reads one response, with its body as text.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends the request head as given (lines separated by CRLF, ending in an empty line),
	 * then the body, and reads the response.
	 */
	public static Response send(int port, String head, byte[] body) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			if (body != null) {
				out.write(body);
			}
			out.flush();
			return read(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A one-line request with {@code Connection: close}. */
	public static Response get(int port, String method, String target, String... headers) {
		StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
		for (String header : headers) {
			head.append(header).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		return send(port, head.toString(), null);
	}

	/** Reads what the server sent until it closes the connection or stops sending. */
	public static Response read(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				all.write(buffer, 0, read);
				if (complete(all.toString(StandardCharsets.ISO_8859_1))) {
					break;
				}
			}
		}
		catch (SocketException ex) {
			// The server closed a connection it will not read more from: keep what came.
		}
		return Response.parse(all.toString(StandardCharsets.ISO_8859_1));
	}

	private static boolean complete(String text) {
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			return false;
		}
		Response head = Response.parse(text);
		String length = head.headers().get("content-length");
		if (length != null) {
			return text.length() - end - 4 >= Integer.parseInt(length.trim());
		}
		return "chunked".equalsIgnoreCase(head.headers().get("transfer-encoding")) && text.endsWith("0\r\n\r\n");
	}

	/** A status, headers (lower-case names) and the body as text (chunks joined). */
	public record Response(int status, Map<String, String> headers, String body) {

		static Response parse(String text) {
			int end = text.indexOf("\r\n\r\n");
			String head = (end >= 0) ? text.substring(0, end) : text;
			String body = (end >= 0) ? text.substring(end + 4) : "";
			String[] lines = head.split("\r\n");
			int status = (lines[0].length() >= 12) ? Integer.parseInt(lines[0].substring(9, 12)) : 0;
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
							lines[i].substring(colon + 1).trim());
				}
			}
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = unchunk(body);
			}
			// Parsed byte for byte (ISO-8859-1), as chunk sizes count bytes; the body is
			// UTF-8.
			return new Response(status, headers,
					new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
		}

		private static String unchunk(String chunked) {
			StringBuilder body = new StringBuilder();
			int at = 0;
			while (at < chunked.length()) {
				int lineEnd = chunked.indexOf("\r\n", at);
				if (lineEnd < 0) {
					break;
				}
				int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
				if (size == 0) {
					break;
				}
				body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
				at = lineEnd + 2 + size + 2;
			}
			return body.toString();
		}

		public JsonNode json() {
			return Http.parse(this.body);
		}

		public String contentType() {
			return this.headers.getOrDefault("content-type", "");
		}

	}

}
