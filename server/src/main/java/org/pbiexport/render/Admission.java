package org.pbiexport.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * How many renders may run at once. Rendering a Power BI page is mostly waiting on its
 * queries, so the number of cores under-uses a machine; memory is what runs out first
 * (Grafana's image renderer admits by memory too). With {@code concurrency} set, that
 * many, always. Otherwise, up to a cap (four per core unless {@code maxConcurrency}
 * says), as many as the memory available beyond the reserve has room for at
 * {@code memoryPerRender} each, counting the renders already running as using theirs;
 * never fewer than one. Read again before every render, so a machine that runs short of
 * memory admits fewer and one that frees memory admits more.
 */
final class Admission {

	private final RenderProperties properties;

	private final LongSupplier availableBytes;

	private int running;

	private volatile int admitted;

	Admission(RenderProperties properties) {
		this(properties, Admission::availableMemory);
	}

	Admission(RenderProperties properties, LongSupplier availableBytes) {
		this.properties = properties;
		this.availableBytes = availableBytes;
		this.admitted = level(0);
	}

	/** The most renders there can ever be at once: one render thread each. */
	int cap() {
		return this.properties.threads();
	}

	/** The level last computed, for the metric. */
	int admitted() {
		return this.admitted;
	}

	/** Renders running now. */
	synchronized int running() {
		return this.running;
	}

	/**
	 * Takes a place for one render if one is free now.
	 * @return false when the admitted level is reached
	 */
	synchronized boolean tryEnter() {
		this.admitted = level(this.running);
		if (this.running >= this.admitted) {
			return false;
		}
		this.running++;
		return true;
	}

	synchronized void leave() {
		this.running--;
	}

	/**
	 * Whether memory is left for one more browser context beyond the reserve, for a warm
	 * session: a warm session's memory is in use already, so it is counted by the
	 * available memory itself. With a fixed {@code concurrency}, always.
	 */
	boolean memoryToSpare() {
		if (this.properties.concurrency() > 0) {
			return true;
		}
		long spare = this.availableBytes.getAsLong() - this.properties.memoryReserve().toBytes();
		return spare >= this.properties.memoryPerRender().toBytes();
	}

	/** The level for {@code running} renders at once with the memory there is now. */
	int level(int running) {
		if (this.properties.concurrency() > 0) {
			return this.properties.concurrency();
		}
		long spare = this.availableBytes.getAsLong() - this.properties.memoryReserve().toBytes();
		long more = Math.max(0, spare / Math.max(1, this.properties.memoryPerRender().toBytes()));
		return (int) Math.max(1, Math.min(cap(), running + more));
	}

	/**
	 * Memory this process could still use: the kernel's estimate of available memory, or
	 * what is left under the cgroup's limit when that is less (containers).
	 */
	static long availableMemory() {
		long available = meminfo("MemAvailable").orElse(Runtime.getRuntime().maxMemory());
		OptionalLong limit = number("/sys/fs/cgroup/memory.max");
		OptionalLong used = number("/sys/fs/cgroup/memory.current");
		if (limit.isPresent() && used.isPresent()) {
			available = Math.min(available, limit.getAsLong() - used.getAsLong());
		}
		return available;
	}

	private static OptionalLong meminfo(String field) {
		try {
			return Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((line) -> line.startsWith(field + ":"))
				.mapToLong((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
				.findFirst();
		}
		catch (IOException | RuntimeException ex) {
			return OptionalLong.empty();
		}
	}

	private static OptionalLong number(String file) {
		try {
			String text = Files.readString(Path.of(file)).trim();
			return text.matches("[0-9]+") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
		}
		catch (IOException | RuntimeException ex) {
			return OptionalLong.empty();
		}
	}

}
