package org.pbiexport.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.pbiexport.catalog.ReportListing;

import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where an admin is in the report list: search text, sort column and direction, page.
 * Carried through the report form as a query string, so the list looks the same after a
 * save; rebuilt from known parameters only, so it cannot redirect anywhere else.
 */
public record ListState(String query, String sort, boolean descending, int page) {

	static final int PAGE_SIZE = 20;

	static final Set<String> SORTS = Set.of("title", "kind", "pages", "filters", "enabled", "updated");

	public ListState {
		query = (query != null) ? query.strip() : "";
		sort = SORTS.contains(sort) ? sort : "title";
		page = Math.max(page, 1);
	}

	static ListState parse(String queryString) {
		if (queryString == null || queryString.isBlank()) {
			return new ListState("", "title", false, 1);
		}
		MultiValueMap<String, String> params = UriComponentsBuilder.fromUriString("/?" + queryString.strip())
			.build()
			.getQueryParams();
		return new ListState(decode(params.getFirst("q")), params.getFirst("sort"),
				"desc".equals(params.getFirst("dir")), number(params.getFirst("page")));
	}

	private static String decode(String value) {
		return (value != null) ? URLDecoder.decode(value, StandardCharsets.UTF_8) : "";
	}

	/** A page number as typed in the address; 1 when it is not a number. */
	static int number(String value) {
		try {
			return (value != null) ? Integer.parseInt(value) : 1;
		}
		catch (NumberFormatException ex) {
			return 1;
		}
	}

	public String toQuery() {
		return UriComponentsBuilder.newInstance()
			.queryParam("q", this.query)
			.queryParam("sort", this.sort)
			.queryParam("dir", this.descending ? "desc" : "asc")
			.queryParam("page", this.page)
			.encode()
			.build()
			.getQuery();
	}

	/**
	 * The query string of this list sorted by {@code column}, flipping the direction if
	 * it already is.
	 */
	public String sortedBy(String column) {
		boolean descending = column.equals(this.sort) && !this.descending;
		return new ListState(this.query, column, descending, 1).toQuery();
	}

	public String atPage(int page) {
		return new ListState(this.query, this.sort, this.descending, page).toQuery();
	}

	/** {@code ascending}, {@code descending} or {@code none}: the column's aria-sort. */
	public String ariaSort(String column) {
		return !column.equals(this.sort) ? "none" : this.descending ? "descending" : "ascending";
	}

	/** The matching reports in this state's order. */
	List<ReportListing> apply(List<ReportListing> all) {
		String needle = this.query.toLowerCase(Locale.ROOT);
		Comparator<ReportListing> order = switch (this.sort) {
			case "kind" -> Comparator.comparing(ReportListing::embedKind);
			case "pages" -> Comparator.comparingInt(ReportListing::pageCount);
			case "filters" -> Comparator.comparingInt(ReportListing::filterCount);
			case "enabled" -> Comparator.comparing(ReportListing::enabled);
			case "updated" -> Comparator.comparing(ReportListing::updatedAt);
			default -> Comparator.comparing((ReportListing report) -> report.title().toLowerCase(Locale.ROOT));
		};
		order = order.thenComparing((ReportListing report) -> report.id().value());
		return all.stream()
			.filter((report) -> needle.isEmpty() || report.title().toLowerCase(Locale.ROOT).contains(needle)
					|| report.description().toLowerCase(Locale.ROOT).contains(needle)
					|| String.valueOf(report.id().value()).equals(needle))
			.sorted(this.descending ? order.reversed() : order)
			.toList();
	}

}
