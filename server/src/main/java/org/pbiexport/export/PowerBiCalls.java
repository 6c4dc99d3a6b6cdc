package org.pbiexport.export;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.pbiexport.render.RenderQueueFull;

/**
 * Calls to Power BI made off the request thread, a bounded number at once: a capture that
 * would wait behind too many is refused with 429.
 */
final class PowerBiCalls {

	/** Export To File calls waiting on Power BI at once (each mostly sleeps). */
	private static final int EXPORT_API_THREADS = 16;

	private final ExecutorService calls;

	PowerBiCalls() {
		AtomicInteger threads = new AtomicInteger();
		this.calls = new ThreadPoolExecutor(EXPORT_API_THREADS, EXPORT_API_THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(64), (task) -> {
					Thread thread = new Thread(task, "powerbi-call-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		((ThreadPoolExecutor) this.calls).allowCoreThreadTimeOut(true);
	}

	/** A call to Power BI off the request thread; 429 when too many are waiting. */
	<T> CompletableFuture<T> async(Supplier<T> call) {
		try {
			return CompletableFuture.supplyAsync(call, this.calls);
		}
		catch (RejectedExecutionException ex) {
			throw new RenderQueueFull(Duration.ofSeconds(10));
		}
	}

	void close() {
		this.calls.shutdownNow();
	}

}
