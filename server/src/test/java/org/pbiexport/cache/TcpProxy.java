package org.pbiexport.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Forwards a local port to a server, so that a test can make the server vanish for one
 * client (by closing the proxy) without stopping it for everyone else.
 */
final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	TcpProxy(String host, int port) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		start("tcp-proxy-accept", () -> {
			while (!this.server.isClosed()) {
				Socket client = this.server.accept();
				Socket upstream = new Socket(host, port);
				this.sockets.add(client);
				this.sockets.add(upstream);
				start("tcp-proxy-up", () -> pump(client.getInputStream(), upstream.getOutputStream()));
				start("tcp-proxy-down", () -> pump(upstream.getInputStream(), client.getOutputStream()));
			}
		});
	}

	int port() {
		return this.server.getLocalPort();
	}

	/** Closes the port and every forwarded connection. */
	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	private interface Task {

		void run() throws IOException;

	}

	private static void start(String name, Task task) {
		Thread thread = new Thread(() -> {
			try {
				task.run();
			}
			catch (IOException ex) {
				// closed: the proxy is gone
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void pump(InputStream in, OutputStream out) throws IOException {
		byte[] buffer = new byte[8192];
		int read;
		while ((read = in.read(buffer)) >= 0) {
			out.write(buffer, 0, read);
			out.flush();
		}
		out.close();
	}

}
