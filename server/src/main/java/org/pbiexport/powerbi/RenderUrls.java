package org.pbiexport.powerbi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Builds the address a browser opens to render a report: the registered address plus
 * {@code pageName}, the URL filter and the pane switches, each value percent-encoded as
 * one query value (spaces as {@code %20}, never {@code +}), joined with {@code ?} or
 * {@code &} as the address needs (docs/powerbi-rules.md).
 */
public final class RenderUrls {

	/** Power BI's documented limit on the query string, escapes included. */
	public static final int MAX_QUERY_LENGTH = 2000;

	public static final String DEFAULT_FILTER_PARAMETER = "filter";

	/**
	 * A service link up to its report id, then an optional page segment, then the rest.
	 */
	private static final Pattern SERVICE_LINK_PAGE = Pattern.compile(
			"(?i)^(https?://[^/?#]+/groups/[^/?#]+(?:/apps/[^/?#]+)?/reports/[0-9a-f-]{36})(?:/[^/?#]*)*([?#].*)?$");

	private RenderUrls() {
	}

	/**
	 * @param address the registered address (absolute)
	 * @param pageName the internal page name, or null for the report's default page
	 * @param filterParameter the filter parameter's name, {@code filter} unless a report
	 * says otherwise
	 * @param filter the filter expression, or null/empty for none
	 * @param hidePanes whether to hide the navigation and filter panes
	 * @throws QueryTooLong when the query string exceeds {@link #MAX_QUERY_LENGTH}
	 */
	public static String build(String address, @Nullable String pageName, String filterParameter,
			@Nullable String filter, boolean hidePanes) {
		int hash = address.indexOf('#');
		String base = (hash >= 0) ? address.substring(0, hash) : address;
		String fragment = (hash >= 0) ? address.substring(hash) : "";
		List<String> parameters = new ArrayList<>();
		if (pageName != null && !pageName.isEmpty()) {
			base = withoutParameter(base, "pageName");
			parameters.add("pageName=" + encode(pageName));
		}
		if (filter != null && !filter.isEmpty()) {
			String name = (filterParameter != null && !filterParameter.isEmpty()) ? filterParameter
					: DEFAULT_FILTER_PARAMETER;
			base = withoutParameter(base, name);
			parameters.add(encode(name) + "=" + encode(filter));
		}
		if (hidePanes) {
			base = withoutParameter(withoutParameter(base, "navContentPaneEnabled"), "filterPaneEnabled");
			parameters.add("navContentPaneEnabled=false");
			parameters.add("filterPaneEnabled=false");
		}
		String url = base;
		if (!parameters.isEmpty()) {
			boolean hasQuery = base.indexOf('?') >= 0;
			String separator = !hasQuery ? "?" : (base.endsWith("?") || base.endsWith("&")) ? "" : "&";
			url = base + separator + String.join("&", parameters);
		}
		int query = url.indexOf('?');
		int length = (query >= 0) ? url.length() - query - 1 : 0;
		if (length > MAX_QUERY_LENGTH) {
			throw new QueryTooLong(length, MAX_QUERY_LENGTH);
		}
		return url + fragment;
	}

	/**
	 * A service link showing this page. In the Power BI service every page has its own
	 * address, the page's internal name being the path segment after the report id
	 * ({@code …/reports/<id>/ReportSection2?ctid=…}), so the page goes there, not into
	 * {@code pageName=}.
	 * @param serviceLink a link classified as {@link EmbedKind#SERVICE_LINK}
	 * @param pageName the internal page name
	 */
	public static String servicePage(String serviceLink, String pageName) {
		Matcher link = SERVICE_LINK_PAGE.matcher(serviceLink);
		if (!link.matches()) {
			throw new IllegalArgumentException("not a Power BI service link: " + serviceLink);
		}
		return link.group(1) + "/" + encode(pageName) + ((link.group(2) != null) ? link.group(2) : "");
	}

	/**
	 * Percent-encodes text as one query value: everything but RFC 3986's unreserved
	 * characters is written as {@code %HH} of its UTF-8 bytes, so a space is {@code %20}
	 * and {@code &}, {@code +}, {@code /}, {@code ?}, {@code #}, {@code %} and quotes
	 * cannot change the address's meaning.
	 */
	public static String encode(String text) {
		StringBuilder encoded = new StringBuilder(text.length() * 3);
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				encoded.append((char) c);
			}
			else {
				encoded.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
			}
		}
		return encoded.toString();
	}

	/**
	 * The address without a query parameter of this name (any case), so it is not given
	 * twice.
	 */
	private static String withoutParameter(String address, String name) {
		int query = address.indexOf('?');
		if (query < 0) {
			return address;
		}
		List<String> kept = new ArrayList<>();
		for (String pair : address.substring(query + 1).split("&")) {
			String key = (pair.indexOf('=') >= 0) ? pair.substring(0, pair.indexOf('=')) : pair;
			if (!pair.isEmpty() && !key.equalsIgnoreCase(name)) {
				kept.add(pair);
			}
		}
		return address.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
	}

}
