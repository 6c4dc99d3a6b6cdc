package org.pbiexport.render;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * What all render threads' warm sessions share: which renders may use one, the bound on
 * how many there are (counted with the renders' memory, see {@link Admission}), the
 * newest version seen of each report (older sessions are retired) and the metrics. The
 * sessions themselves belong to a render thread ({@link WarmSessions}): Playwright's
 * objects are not thread-safe.
 */
final class WarmPool {

	private final WarmProperties properties;

	private final BooleanSupplier memoryToSpare;

	private final AtomicInteger size = new AtomicInteger();

	private final Map<String, Long> versions = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	private final Map<Key, Set<Holder>> holders = new ConcurrentHashMap<>();

	/**
	 * @param memoryToSpare whether memory is left for one more browser context
	 */
	WarmPool(WarmProperties properties, MeterRegistry meters, BooleanSupplier memoryToSpare) {
		this.properties = properties;
		this.meters = meters;
		this.memoryToSpare = memoryToSpare;
		Gauge.builder("pbi_export_warm_sessions", this.size, AtomicInteger::get)
			.description("warm report sessions kept loaded")
			.register(meters);
	}

	/**
	 * Which warm sessions can serve the job, or null when it must load the report: it is
	 * an SDK render of named pages all of one size that allows warm sessions, and they
	 * are on.
	 */
	@Nullable Key key(RenderJob job) {
		RenderJob.SdkEmbed sdk = job.sdk();
		if (!this.properties.enabled() || sdk == null || sdk.warm() == null || job.login() != null
				|| this.properties.maxSessions() <= 0 || sdk.config().get("pageName") == null
				|| !oneSize(sdk.pages())) {
			return null;
		}
		RenderJob.WarmReport warm = sdk.warm();
		newest(warm.reportId(), warm.version());
		int width = job.width();
		int height = job.height();
		if (!sdk.pages().isEmpty() && sdk.pages().get(0).width() > 0 && sdk.pages().get(0).height() > 0) {
			width = sdk.pages().get(0).width();
			height = sdk.pages().get(0).height();
		}
		return new Key(warm.reportId(), warm.version(), warm.identity(), String.valueOf(sdk.config().get("embedUrl")),
				job.url(), width, height, job.scale(), job.output());
	}

	/**
	 * Whether every page is captured at the size of the first: a session is kept at one
	 * size (Power BI lays a page out again when its frame is resized).
	 */
	private static boolean oneSize(List<RenderJob.SdkPage> pages) {
		return pages.stream()
			.allMatch((page) -> page.width() == pages.get(0).width() && page.height() == pages.get(0).height());
	}

	private void newest(String reportId, long version) {
		this.versions.merge(reportId, version, Math::max);
	}

	/**
	 * Whether a session of this key is of an older version of its report than one seen.
	 */
	boolean outdated(Key key) {
		return this.versions.getOrDefault(key.reportId(), key.version()) > key.version();
	}

	/** Whether the session must be closed now rather than used again. */
	boolean expired(WarmSession session, Instant now) {
		return expired(session, now, session.tokenExpires());
	}

	/**
	 * Whether the session must be closed now rather than used again, if it is to hold a
	 * token expiring then (a render renews the token it brings).
	 */
	boolean expired(WarmSession session, Instant now, Instant tokenExpires) {
		return session.uses() >= this.properties.maxUses()
				|| !now.isBefore(session.created().plus(this.properties.maxAge()))
				|| !now.isBefore(tokenExpires.minus(this.properties.tokenMargin())) || outdated(session.key());
	}

	/** A render thread now holds a session of the key. */
	void held(Key key, Holder holder) {
		this.holders.computeIfAbsent(key, (any) -> ConcurrentHashMap.newKeySet()).add(holder);
	}

	/** A render thread closed its session of the key. */
	void dropped(Key key, Holder holder) {
		this.holders.computeIfPresent(key, (any, set) -> {
			set.remove(holder);
			return set.isEmpty() ? null : set;
		});
	}

	/** The render threads that hold a session of the key. */
	List<Holder> holders(Key key) {
		Set<Holder> set = this.holders.get(key);
		return (set != null) ? List.copyOf(set) : List.of();
	}

	/** Takes a place for one more session, if the bound and memory allow. */
	boolean reserve() {
		while (true) {
			int now = this.size.get();
			if (now >= this.properties.maxSessions() || !this.memoryToSpare.getAsBoolean()) {
				return false;
			}
			if (this.size.compareAndSet(now, now + 1)) {
				return true;
			}
		}
	}

	void released() {
		this.size.decrementAndGet();
	}

	int size() {
		return this.size.get();
	}

	/**
	 * Counts a render that could use a warm session: {@code hit} (served by one),
	 * {@code cold} (none was loaded), {@code mismatch} or {@code error} (a fall-back to a
	 * fresh load).
	 */
	void count(String outcome) {
		Counter.builder("pbi_export_warm_renders")
			.description("renders that could use a warm session, by outcome")
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	/**
	 * A render thread's warm sessions as other render threads see them.
	 */
	interface Holder {

		/**
		 * Serves the render in this thread's session of the key, if this thread is idle
		 * (it is then kept from starting a render of its own until done) and still holds
		 * one; else {@link Served#NOT_HELD} at once, never waiting.
		 */
		Served lend(Key key, RenderJob job, Instant started);

	}

	/**
	 * What a holder did with a render it was asked to serve.
	 *
	 * @param tried whether it had the session free and used it
	 * @param result the render, or null when the session fell back (it is then closed)
	 */
	record Served(boolean tried, @Nullable RenderResult result) {

		static final Served NOT_HELD = new Served(false, null);

	}

	/**
	 * What a warm session is kept for: a session serves only renders of the same key. The
	 * row-level security identity is part of it, so identities never share a session; the
	 * embed token is not: a render of the same identity with another token renews it in
	 * place ({@link WarmState}).
	 */
	record Key(String reportId, long version, String identity, String embedUrl, String hostUrl, int width, int height,
			double scale, RenderJob.Output output) {
	}

}
