package org.pbiexport.powerbi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriUtils;

/**
 * Classifies what an admin pastes, a bare address or Power BI's whole {@code <iframe>}
 * snippet, into one of the {@link EmbedKind}s, and refuses anything that may not be
 * rendered: other schemes than http/https, credentials in the address, and hosts not on
 * {@code pbi-export.render.allowed-hosts}. An entry there without a port allows its host
 * on the standard ports only (80, 443); {@code host:8443} allows that port only,
 * {@code host:*} any port. Otherwise allowing {@code 127.0.0.1} would make every local
 * service a report address. Relative paths are pages the app serves itself, which the
 * module serving them classifies ({@link OwnReportPages}), whatever the list says.
 */
@Component
public class EmbedAddresses {

	private static final Pattern IFRAME_SRC = Pattern
		.compile("<iframe\\b[^>]*?\\ssrc\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))", Pattern.CASE_INSENSITIVE);

	private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

	/** A workspace's report, or an app's ({@code /groups/me/apps/<app>/reports/…}). */
	private static final Pattern SERVICE_LINK = Pattern
		.compile("(?i)^/groups/([^/]+)(?:/apps/[^/]+)?/reports/([0-9a-f-]{36})(?:/([^/?#]+))?/?$");

	/** What an entry without a port allows: no port in the address, or a standard one. */
	private static final List<Integer> STANDARD_PORTS = List.of(-1, 80, 443);

	private final List<String> allowedHosts;

	private final List<Entry> entries;

	private final List<OwnReportPages> ownPages;

	/** Addresses on the allowed hosts only: every relative address is refused. */
	public EmbedAddresses(PowerBiProperties properties) {
		this(properties, List.of());
	}

	/**
	 * @param ownPages the pages this app serves itself, which may be registered by a
	 * relative path
	 */
	@Autowired
	public EmbedAddresses(PowerBiProperties properties, List<OwnReportPages> ownPages) {
		this.ownPages = List.copyOf(ownPages);
		this.allowedHosts = properties.allowedHosts()
			.stream()
			.map((host) -> host.trim().toLowerCase(Locale.ROOT))
			.filter((host) -> !host.isEmpty())
			.toList();
		this.entries = this.allowedHosts.stream().map(Entry::parse).toList();
	}

	/**
	 * One entry of the list: a host or {@code *.domain}, and a port, any port (0), or
	 * only the standard ones (-1).
	 */
	private record Entry(String host, int port) {

		static Entry parse(String text) {
			String host = text;
			String port = null;
			if (text.startsWith("[")) {
				int end = text.indexOf(']');
				host = (end > 0) ? text.substring(0, end + 1) : text;
				port = (end > 0 && text.length() > end + 2 && text.charAt(end + 1) == ':') ? text.substring(end + 2)
						: null;
			}
			else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
				host = text.substring(0, text.indexOf(':'));
				port = text.substring(text.indexOf(':') + 1);
			}
			if (port == null) {
				return new Entry(host, -1);
			}
			if (port.equals("*")) {
				return new Entry(host, 0);
			}
			try {
				return new Entry(host, Integer.parseInt(port));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(
						"pbi-export.render.allowed-hosts: '" + text + "' is not host, host:port or host:*");
			}
		}

		boolean allows(String wanted, int wantedPort) {
			boolean host = this.host.startsWith("*.") ? wanted.endsWith(this.host.substring(1))
					: wanted.equals(this.host);
			if (!host) {
				return false;
			}
			return switch (this.port) {
				case 0 -> true;
				case -1 -> STANDARD_PORTS.contains(wantedPort);
				default -> wantedPort == this.port || (wantedPort == -1 && (this.port == 80 || this.port == 443));
			};
		}

	}

	/**
	 * @param urlOrIframeSnippet a report address or an {@code <iframe>} snippet
	 * containing one
	 * @throws AddressRejected when it is not a report address that may be rendered
	 */
	public EmbedAddress classify(String urlOrIframeSnippet) {
		String address = addressIn((urlOrIframeSnippet != null) ? urlOrIframeSnippet.strip() : "");
		if (address.startsWith("/") && !address.startsWith("//")) {
			return own(address);
		}
		Matcher schemeMatch = SCHEME.matcher(address);
		String scheme = schemeMatch.find() ? schemeMatch.group(1).toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !scheme.equals("http")) {
			throw new AddressRejected("Only http and https addresses can be rendered"
					+ (scheme.isEmpty() ? ": give the whole address, starting with https://" : ", not " + scheme + ":")
					+ ".");
		}
		URI uri = parse(address);
		if (uri.getRawUserInfo() != null) {
			throw new AddressRejected("The address must not contain a user name or password.");
		}
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : "";
		if (host.isEmpty()) {
			throw new AddressRejected("The address has no host name.");
		}
		if (!allowed(host, uri.getPort())) {
			String where = (uri.getPort() >= 0) ? host + ":" + uri.getPort() : host;
			throw new AddressRejected("The host '" + where + "' is not on the list of hosts that may be rendered "
					+ "(pbi-export.render.allowed-hosts: " + String.join(", ", this.allowedHosts)
					+ "; an entry without a port allows ports 80 and 443 only). An operator can add it, "
					+ "for example for your own Report Server, as host or host:port.");
		}
		return kindOf(address, uri);
	}

	/** Whether an address on this host, on a standard port, may be rendered. */
	public boolean allowed(String host) {
		return allowed(host, -1);
	}

	/**
	 * Whether an address on this host and port may be rendered.
	 * @param port the address's port, -1 when it names none
	 */
	public boolean allowed(String host, int port) {
		String wanted = host.toLowerCase(Locale.ROOT);
		return this.entries.stream().anyMatch((entry) -> entry.allows(wanted, port));
	}

	private EmbedAddress own(String address) {
		AddressRejected refused = new AddressRejected(
				"Relative addresses are only for pages this app serves itself; give the report's whole address, "
						+ "starting with https://.");
		for (OwnReportPages pages : this.ownPages) {
			try {
				return pages.classify(address);
			}
			catch (AddressRejected ex) {
				refused = ex;
			}
		}
		throw refused;
	}

	/**
	 * Whether reports of this embed kind are pages this app serves itself, which say when
	 * they are drawn.
	 */
	public boolean ownPage(String embedKind) {
		return this.ownPages.stream().anyMatch((pages) -> pages.owns(embedKind));
	}

	/** The folders of the pages this app serves itself, such as {@code /demo/}. */
	public List<String> ownFolders() {
		return this.ownPages.stream().map(OwnReportPages::folder).toList();
	}

	private static EmbedAddress kindOf(String address, URI uri) {
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		Map<String, String> query = query(uri.getRawQuery());
		String tenant = query.get("ctid");
		if (path.equalsIgnoreCase("/view") && query.containsKey("r")) {
			return new EmbedAddress(EmbedKind.PUBLISH_TO_WEB, address, null, null, null, query.get("pagename"));
		}
		if (path.equalsIgnoreCase("/reportEmbed")) {
			String reportId = query.get("reportid");
			if (reportId == null || reportId.isBlank()) {
				throw new AddressRejected("This secure embed address has no reportId; copy the whole "
						+ "address from Power BI (File > Embed report > Website or portal).");
			}
			return new EmbedAddress(EmbedKind.SECURE_EMBED, address, reportId, query.get("groupid"), tenant,
					query.get("pagename"));
		}
		Matcher service = SERVICE_LINK.matcher(path);
		if (service.matches()) {
			return new EmbedAddress(EmbedKind.SERVICE_LINK, address, service.group(2), service.group(1), tenant,
					service.group(3));
		}
		if (path.toLowerCase(Locale.ROOT).contains("/reports/powerbi/")) {
			return new EmbedAddress(EmbedKind.REPORT_SERVER, address, null, null, null, query.get("pagename"));
		}
		throw new AddressRejected("This is not a Power BI report address. Paste the iframe snippet or link "
				+ "Power BI gives you: .../reportEmbed?reportId=… (secure embed), .../view?r=… (publish to web), "
				+ ".../groups/…/reports/… (service link) or https://<server>/reports/powerbi/… (Report Server).");
	}

	private static String addressIn(String text) {
		if (!text.toLowerCase(Locale.ROOT).contains("<iframe")) {
			return HtmlUtils.htmlUnescape(text);
		}
		Matcher src = IFRAME_SRC.matcher(text);
		if (!src.find()) {
			throw new AddressRejected("The iframe snippet has no src address; copy the whole snippet Power BI gives.");
		}
		String value = (src.group(1) != null) ? src.group(1) : (src.group(2) != null) ? src.group(2) : src.group(3);
		return HtmlUtils.htmlUnescape(value).strip();
	}

	private static URI parse(String address) {
		if (address.isEmpty()) {
			throw new AddressRejected("The address is empty.");
		}
		try {
			return new URI(address);
		}
		catch (URISyntaxException ex) {
			throw new AddressRejected("This is not a valid address (" + ex.getReason() + ").");
		}
	}

	/**
	 * Query parameters with lower-cased names, as Power BI treats them
	 * case-insensitively.
	 */
	private static Map<String, String> query(String rawQuery) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (rawQuery == null) {
			return parameters;
		}
		for (String pair : rawQuery.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			String value = (equals >= 0) ? pair.substring(equals + 1) : "";
			parameters.putIfAbsent(UriUtils.decode(name, "UTF-8").toLowerCase(Locale.ROOT),
					UriUtils.decode(value, "UTF-8"));
		}
		return parameters;
	}

}
