package org.pbiexport.desktop;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

/**
 * Drives a JavaFX scene from a test thread: every read and change runs on the FX thread,
 * every wait is bounded.
 */
final class FxDriver {

	private static final Duration STEP = Duration.ofSeconds(20);

	private final Supplier<Scene> scene;

	FxDriver(Supplier<Scene> scene) {
		this.scene = scene;
	}

	static <T> T onFx(Callable<T> work) {
		CompletableFuture<T> result = new CompletableFuture<>();
		Platform.runLater(() -> {
			try {
				result.complete(work.call());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		try {
			return result.get(STEP.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("On the FX thread: " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("The FX thread did not answer within " + STEP.toSeconds() + " s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static void run(Runnable work) {
		onFx(() -> {
			work.run();
			return null;
		});
	}

	@SuppressWarnings("unchecked")
	<T extends Node> T find(String id) {
		return onFx(() -> {
			Node node = this.scene.get().lookup("#" + id);
			if (node == null) {
				throw new IllegalStateException("Nothing has the id " + id);
			}
			return (T) node;
		});
	}

	/**
	 * Waits until {@code condition}, asked on the FX thread, holds.
	 * @param what what is awaited, for the failure
	 * @param within the longest wait
	 * @param condition the condition
	 * @param state what to tell when it never holds
	 */
	void await(String what, Duration within, Callable<Boolean> condition, Callable<String> state) {
		long deadline = System.nanoTime() + within.toNanos();
		while (System.nanoTime() < deadline) {
			if (onFx(condition)) {
				return;
			}
			pause(200);
		}
		throw new AssertionError("Waited " + within.toSeconds() + " s for " + what + "; the app shows: " + onFx(state));
	}

	/**
	 * Saves the scene as a PNG.
	 * @param file where
	 * @return the file
	 */
	Path screenshot(Path file) throws IOException {
		BufferedImage image = onFx(() -> toBuffered(this.scene.get().snapshot(null)));
		Files.createDirectories(file.getParent());
		ImageIO.write(image, "png", file.toFile());
		return file;
	}

	private static BufferedImage toBuffered(WritableImage image) {
		int width = (int) image.getWidth();
		int height = (int) image.getHeight();
		BufferedImage buffered = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
		PixelReader pixels = image.getPixelReader();
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				buffered.setRGB(x, y, pixels.getArgb(x, y));
			}
		}
		return buffered;
	}

	/**
	 * Ends the JavaFX toolkit and waits (bounded) for its thread, so that stopping the
	 * virtual display afterwards does not make GTK end the JVM with an X I/O error.
	 */
	static void exitToolkit() {
		Thread fxThread = onFx(Thread::currentThread);
		Platform.exit();
		try {
			fxThread.join(STEP.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
