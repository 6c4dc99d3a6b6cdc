import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every benchmark of bench/ measures the same way: latencies of closed-loop clients,
 * throughput over the whole run, and the peak resident memory of a process tree, sampled
 * from /proc every 100 ms while the run lasts.
 */
final class Measurements {

	private Measurements() {
	}

	/**
	 * One run: how many requests, latency percentiles, requests per second of the whole run,
	 * the peak RSS of the whole process tree and of its descendants alone (the browsers and
	 * Playwright drivers, without the JVM at the root).
	 */
	record Result(int count, double p50, double p95, double throughput, long peakRssMib, long peakRenderRssMib) {

		double spread() {
			return this.p95 / this.p50;
		}

	}

	interface Work {

		/**
		 * @param client the client (0 to c - 1) running it, always on the same thread
		 * @param i the request's number in the run
		 */
		void run(int client, int i) throws Exception;

	}

	/** Runs n pieces of work on c client threads, timing each, sampling the RSS of a process tree. */
	static Result measure(int c, int n, long pid, Work work) throws Exception {
		List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger next = new AtomicInteger();
		PeakRss rss = PeakRss.start(pid);
		ExecutorService pool = Executors.newFixedThreadPool(c);
		long started = System.nanoTime();
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < c; t++) {
				int client = t;
				futures.add(pool.submit(() -> {
					int i;
					while ((i = next.getAndIncrement()) < n) {
						long s = System.nanoTime();
						work.run(client, i);
						latencies.add((System.nanoTime() - s) / 1e6);
					}
					return null;
				}));
			}
			for (Future<?> f : futures) {
				f.get();
			}
		}
		finally {
			pool.shutdownNow();
			rss.stop();
		}
		return result(latencies, (System.nanoTime() - started) / 1e9, rss);
	}

	static Result result(List<Double> latencies, double seconds, PeakRss rss) {
		List<Double> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		return new Result(sorted.size(), percentile(sorted, 50), percentile(sorted, 95), sorted.size() / seconds,
				rss.tree() / 1024 / 1024, rss.descendants() / 1024 / 1024);
	}

	static double percentile(List<Double> sorted, int p) {
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int half = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(half) : (sorted.get(half - 1) + sorted.get(half)) / 2;
	}

	/** Samples the RSS of a process tree on a thread of its own until stopped. */
	static final class PeakRss {

		private final AtomicLong tree = new AtomicLong();

		private final AtomicLong descendants = new AtomicLong();

		private final Thread sampler;

		private PeakRss(long pid) {
			this.sampler = new Thread(() -> {
				while (!Thread.currentThread().isInterrupted()) {
					long[] now = rss(pid);
					this.tree.accumulateAndGet(now[0], Math::max);
					this.descendants.accumulateAndGet(now[1], Math::max);
					try {
						Thread.sleep(100);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "rss-sampler");
			this.sampler.setDaemon(true);
		}

		static PeakRss start(long pid) {
			PeakRss rss = new PeakRss(pid);
			rss.sampler.start();
			return rss;
		}

		void stop() throws InterruptedException {
			this.sampler.interrupt();
			this.sampler.join();
		}

		long tree() {
			return this.tree.get();
		}

		long descendants() {
			return this.descendants.get();
		}

	}

	/**
	 * Resident memory of a process with all its descendants, and of the descendants alone,
	 * from /proc. Pages shared between processes count once per process.
	 */
	static long[] rss(long pid) {
		long root = 0;
		long below = 0;
		List<ProcessHandle> tree = new ArrayList<>();
		ProcessHandle.of(pid).ifPresent((p) -> {
			tree.add(p);
			p.descendants().forEach(tree::add);
		});
		for (ProcessHandle process : tree) {
			long kib = 0;
			try {
				for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
					if (line.startsWith("VmRSS:")) {
						kib = Long.parseLong(line.replaceAll("\\D", ""));
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// the process ended meanwhile
			}
			if (process.pid() == pid) {
				root = kib * 1024;
			}
			else {
				below += kib * 1024;
			}
		}
		return new long[] { root + below, below };
	}

}
