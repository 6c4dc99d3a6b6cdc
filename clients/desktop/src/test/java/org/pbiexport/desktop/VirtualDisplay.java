package org.pbiexport.desktop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.pbiexport.client.testing.RunningServer;

/**
 * Xvfb on the display this module's tests are given ({@code DISPLAY}, set by surefire):
 * started when nothing draws there yet, stopped afterwards when started here.
 */
final class VirtualDisplay implements AutoCloseable {

	private static final Path XVFB = Path.of("/usr/bin/Xvfb");

	private final @Nullable Process process;

	private VirtualDisplay(@Nullable Process process) {
		this.process = process;
	}

	static VirtualDisplay start() throws IOException {
		RunningServer.required(Files.isExecutable(XVFB), "Xvfb is not installed (apt-get install xvfb)");
		String display = System.getenv("DISPLAY");
		RunningServer.required(display != null && display.matches(":\\d+"),
				"DISPLAY is not set to a local display (surefire sets it in clients/desktop/pom.xml)");
		String number = display.substring(1);
		Path socket = Path.of("/tmp/.X11-unix/X" + number);
		if (Files.exists(socket) && Files.exists(Path.of("/tmp/.X" + number + "-lock"))) {
			return new VirtualDisplay(null);
		}
		Path log = Path.of("target", "xvfb.log").toAbsolutePath();
		Files.createDirectories(log.getParent());
		Process xvfb = new ProcessBuilder(XVFB.toString(), display, "-screen", "0", "1280x900x24", "-nolisten", "tcp")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (!Files.exists(socket)) {
			if (!xvfb.isAlive() || System.nanoTime() > deadline) {
				xvfb.destroyForcibly();
				throw new IllegalStateException("Xvfb did not start on " + display + "; its log: " + log);
			}
			FxDriver.pause(100);
		}
		return new VirtualDisplay(xvfb);
	}

	@Override
	public void close() {
		if (this.process != null) {
			this.process.destroy();
		}
	}

}
