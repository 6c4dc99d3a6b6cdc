package org.pbiexport.render;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.microsoft.playwright.BrowserContext;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a rendered page to what it may reach (docs/security-rendering.md). A report page
 * is someone else's code running on our network: without this, a page on an allowed host
 * could redirect the browser to an internal page or the app's own actuator and the export
 * would return what it saw. The page itself may only be on an allowed host or the app's
 * own demo and host pages; its requests, frames and sockets may not reach loopback,
 * private, link-local or metadata addresses, nor the app itself beyond those pages,
 * unless the allowlist names the host. Shared by all render threads; each render gets a
 * {@link RenderGuard}.
 */
final class RenderIsolation {

	private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(2);

	private final RenderProperties properties;

	private final Supplier<RenderAllowlist> allowlist;

	private final MeterRegistry meters;

	private final Set<Integer> ownPorts = new CopyOnWriteArraySet<>();

	private volatile String contextPath = "";

	private final Cache<String, List<InetAddress>> resolved = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(30))
		.maximumSize(1_000)
		.build();

	private final ExecutorService resolver = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "render-resolve");
		thread.setDaemon(true);
		return thread;
	});

	RenderIsolation(RenderProperties properties, Supplier<RenderAllowlist> allowlist, MeterRegistry meters) {
		this.properties = properties;
		this.allowlist = allowlist;
		this.meters = meters;
	}

	/**
	 * A port the app itself listens on: its pages there are refused but for the
	 * allowlist's own pages.
	 */
	void ownPort(int port, @Nullable String contextPath) {
		this.ownPorts.add(port);
		if (contextPath != null) {
			this.contextPath = contextPath.endsWith("/") ? contextPath.substring(0, contextPath.length() - 1)
					: contextPath;
		}
	}

	void close() {
		this.resolver.shutdownNow();
	}

	/**
	 * Adds the rules to a fresh context. Call after every other route of the context was
	 * registered: Playwright runs the last registered handler first, so these decide
	 * before anything else and pass what they allow on with {@code fallback()}.
	 * @param signInOrigin the origin the render signs in to, whose page the browser must
	 * load itself (its challenge is answered by the browser), or null
	 */
	RenderGuard guard(BrowserContext context, @Nullable String signInOrigin) {
		RenderGuard guard = new RenderGuard(this, this.meters, signInOrigin);
		context.route((url) -> true, guard::route);
		context.routeWebSocket((url) -> !decide(url, false).allowed(), guard::refuseSocket);
		return guard;
	}

	/** What the rules say about one address. */
	record Verdict(boolean allowed, boolean own, String host, @Nullable String reason) {

		static Verdict allow(String host, boolean own) {
			return new Verdict(true, own, host, null);
		}

		static Verdict refuse(String host, String reason) {
			return new Verdict(false, false, host, reason);
		}

	}

	Verdict decide(String url, boolean page) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			return Verdict.refuse("(not an address)", "not an address");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!List.of("http", "https", "ws", "wss").contains(scheme)) {
			// data: and blob: never leave the browser; as the page they are refused.
			return (page || !List.of("data", "blob").contains(scheme))
					? Verdict.refuse(scheme + ":", "the " + scheme + ": scheme") : Verdict.allow(scheme + ":", false);
		}
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : "";
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		if (host.isEmpty()) {
			return Verdict.refuse("(no host)", "no host");
		}
		int port = (uri.getPort() >= 0) ? uri.getPort() : (scheme.endsWith("s") ? 443 : 80);
		String shown = (uri.getPort() >= 0) ? host + ":" + port : host;
		List<InetAddress> addresses = resolve(host);
		boolean local = addresses.stream().anyMatch(RenderIsolation::isThisMachine);
		if (local && this.ownPorts.contains(port)) {
			return ownStatic(uri) ? Verdict.allow(shown, true)
					: Verdict.refuse(shown, "the app's own " + uri.getRawPath());
		}
		if (this.allowlist.get().allows(host, port)) {
			return Verdict.allow(shown, false);
		}
		boolean signIn = this.properties.signInHosts().stream().anyMatch(host::equalsIgnoreCase);
		if (page) {
			return Verdict.refuse(shown, signIn ? "sign-in" : "not on the allowlist");
		}
		if (signIn) {
			return Verdict.allow(shown, false);
		}
		if (addresses.isEmpty()) {
			return Verdict.refuse(shown, "its address could not be resolved in time");
		}
		return addresses.stream().anyMatch(RenderIsolation::isInternal) ? Verdict.refuse(shown, "an internal address")
				: Verdict.allow(shown, false);
	}

	private boolean ownStatic(URI uri) {
		String raw = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		String lower = raw.toLowerCase(Locale.ROOT);
		if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || raw.contains(";")
				|| raw.contains("\\") || !raw.equals(uri.normalize().getRawPath())
				|| !raw.startsWith(this.contextPath + "/")) {
			return false;
		}
		String path = raw.substring(this.contextPath.length());
		return this.allowlist.get().ownPages().stream().anyMatch(path::startsWith);
	}

	/**
	 * The host's addresses, or none when they could not be learnt within the timeout: the
	 * JDK's resolver blocks, so it runs on its own threads and is waited for with a
	 * limit.
	 */
	private List<InetAddress> resolve(String host) {
		if (host.equals("localhost") || host.endsWith(".localhost")) {
			return List.of(InetAddress.getLoopbackAddress());
		}
		List<InetAddress> known = this.resolved.getIfPresent(host);
		if (known != null) {
			return known;
		}
		Future<List<InetAddress>> lookup = this.resolver.submit(() -> List.of(InetAddress.getAllByName(host)));
		try {
			List<InetAddress> addresses = lookup.get(RESOLVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			this.resolved.put(host, addresses);
			return addresses;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownHostException) {
				this.resolved.put(host, List.of());
			}
			return List.of();
		}
		catch (TimeoutException ex) {
			lookup.cancel(true);
			return List.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return List.of();
		}
	}

	/** Loopback, private, link-local (cloud metadata), unique-local or unspecified. */
	static boolean isInternal(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		if (bytes.length == 16) {
			// fc00::/7
			return (bytes[0] & 0xfe) == 0xfc;
		}
		// 0.0.0.0/8 and the carrier-grade NAT range 100.64.0.0/10
		return bytes[0] == 0 || ((bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64);
	}

	private static boolean isThisMachine(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
			return true;
		}
		try {
			return NetworkInterface.getByInetAddress(address) != null;
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
