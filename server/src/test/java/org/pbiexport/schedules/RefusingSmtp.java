package org.pbiexport.schedules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An SMTP server that speaks the protocol and refuses every mail with a 550 reply, as a
 * mail server does for a sender it does not relay for. On a free loopback port, each
 * conversation bounded by a read timeout.
 */
final class RefusingSmtp implements AutoCloseable {

	static final String REFUSAL = "550 5.7.1 Relaying denied: pbi-export@test.local may not send here";

	private final ServerSocket server;

	RefusingSmtp() throws IOException {
		this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
		Thread thread = new Thread(this::serve, "refusing-smtp");
		thread.setDaemon(true);
		thread.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try (Socket client = this.server.accept()) {
				client.setSoTimeout(10_000);
				converse(client);
			}
			catch (IOException ex) {
				// closed, or the client went away: wait for the next one
			}
		}
	}

	private static void converse(Socket client) throws IOException {
		BufferedReader in = new BufferedReader(
				new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
		OutputStream out = client.getOutputStream();
		reply(out, "220 refusing.test ESMTP");
		for (String line = in.readLine(); line != null; line = in.readLine()) {
			String command = line.toUpperCase(Locale.ROOT);
			if (command.startsWith("EHLO") || command.startsWith("HELO")) {
				reply(out, "250 refusing.test");
			}
			else if (command.startsWith("MAIL FROM")) {
				reply(out, REFUSAL);
			}
			else if (command.startsWith("QUIT")) {
				reply(out, "221 2.0.0 Bye");
				return;
			}
			else {
				reply(out, "250 2.0.0 OK");
			}
		}
	}

	private static void reply(OutputStream out, String line) throws IOException {
		out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
