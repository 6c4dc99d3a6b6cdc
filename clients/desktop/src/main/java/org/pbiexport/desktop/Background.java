package org.pbiexport.desktop;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import javafx.concurrent.Task;

/**
 * Runs network and file work off the FX thread, one task at a time per app, on daemon
 * threads so that closing the window ends the app.
 */
final class Background {

	private final ExecutorService executor = Executors.newFixedThreadPool(2, (runnable) -> {
		Thread thread = new Thread(runnable, "pbi-export-desktop-work");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Runs {@code task}, then tells the FX thread its result or failure.
	 * @param <T> the result's type
	 * @param task the work
	 * @param done told the result on the FX thread
	 * @param failed told the failure on the FX thread
	 * @return the task, e.g. to cancel it
	 */
	<T> Task<T> run(Task<T> task, Consumer<T> done, Consumer<Throwable> failed) {
		task.setOnSucceeded((event) -> done.accept(task.getValue()));
		task.setOnFailed((event) -> failed.accept(task.getException()));
		task.setOnCancelled((event) -> failed.accept(new java.util.concurrent.CancellationException()));
		this.executor.execute(task);
		return task;
	}

	/**
	 * A task from a lambda.
	 * @param <T> the result's type
	 * @param work the work
	 * @return the task
	 */
	static <T> Task<T> task(java.util.concurrent.Callable<T> work) {
		return new Task<>() {
			@Override
			protected T call() throws Exception {
				return work.call();
			}
		};
	}

	void shutdown() {
		this.executor.shutdownNow();
	}

}
