package org.pbiexport.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body of text fields and one file, for the import upload.
 */
final class Multipart {

	private final String boundary = "pbi-export-" + UUID.randomUUID();

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	Multipart field(String name, String value) {
		write("--" + this.boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
				+ "\r\n");
		return this;
	}

	Multipart file(String name, Path file) throws IOException {
		String fileName = file.getFileName().toString().replace("\"", "");
		write("--" + this.boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
		this.body.writeBytes(Files.readAllBytes(file));
		write("\r\n");
		return this;
	}

	String contentType() {
		return "multipart/form-data; boundary=" + this.boundary;
	}

	HttpRequest.BodyPublisher publisher() {
		write("--" + this.boundary + "--\r\n");
		return HttpRequest.BodyPublishers.ofByteArray(this.body.toByteArray());
	}

	private void write(String text) {
		this.body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

}
