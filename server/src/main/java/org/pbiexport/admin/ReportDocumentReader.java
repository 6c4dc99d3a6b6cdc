package org.pbiexport.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportOptions;
import org.pbiexport.catalog.ReportRules;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.EmbedAddress;
import org.pbiexport.powerbi.EmbedAddresses;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

import tools.jackson.databind.JsonNode;

/**
 * Reads the admin API's report document (docs/contract.md) into a {@link ReportDraft}:
 * the document's structure here (known fields, JSON types, typed values, the version),
 * what a report may be in the catalogue's {@link ReportRules}, all problems of both
 * collected by {@link DocumentProblems} into one 400, so an admin sees all of them at
 * once. Nothing is stored unless the whole document is valid.
 */
class ReportDocumentReader {

	/** Fields the server fills in; clients may send them back unchanged from a GET. */
	private static final Set<String> READ_ONLY = Set.of("report_id", "embed_kind", "embed_kind_description",
			"url_filters", "sign_in_needed", "created_at", "updated_at", "updated_by", "page_count", "formats");

	private static final Set<String> FIELDS = Set.of("title", "description", "enabled", "render_mode", "embed_url",
			"pages", "filters", "version", "ready_selector", "settle_ms", "timeout_ms", "cache_ttl_s", "hide_panes",
			"filter_param", "allow_boolean_url_filters", "powerbi", "one_file_per", "warm_sessions");

	private static final Set<String> PAGE_FIELDS = Set.of("name", "display_name", "order", "width", "height");

	private static final Set<String> FILTER_FIELDS = Set.of("label", "table", "column", "type", "multiple", "required",
			"allowed_values", "default");

	private final PowerBiSection powerbi;

	/**
	 * @param credentials the stored credential of a name, to check the one a report names
	 */
	ReportDocumentReader(EmbedAddresses addresses, Function<String, Optional<Credential>> credentials) {
		this.powerbi = new PowerBiSection(addresses, credentials);
	}

	/** The document's content and the version it was based on (null when not sent). */
	record Read(ReportDraft draft, Long version) {
	}

	/**
	 * @param before the stored report a {@code PUT} replaces, or null for a new one: a
	 * "one file per" column whose filter the document removes is then dropped, not
	 * refused
	 * @throws ApiProblem listing every problem of the document, its own and the
	 * catalogue's
	 */
	Read read(JsonNode document, @Nullable ReportDraft before) {
		DocumentProblems problems = new DocumentProblems();
		if (document == null || !document.isObject()) {
			throw ApiProblem.invalid("body", "must be a JSON object describing the report");
		}
		unknownFields(document, "", FIELDS, problems);
		String title = text(document, "title", "title", true, problems);
		String description = text(document, "description", "description", false, problems);
		boolean enabled = bool(document, "enabled", "enabled", true, problems);
		List<FieldProblem> modeProblems = new ArrayList<>();
		PowerBiSection.Read mode = this.powerbi.read(PowerBiJson.read(document, modeProblems), modeProblems);
		modeProblems.forEach(problems::add);
		RenderSettings settings = settings(document, problems);
		List<Page> pages = pages(document.get("pages"), problems);
		List<Filter> filters = filters(document.get("filters"), problems);
		ReportOptions options = new ReportOptions(oneFilePer(document.get("one_file_per"), problems),
				bool(document, "warm_sessions", "warm_sessions", true, problems));
		Long version = null;
		JsonNode versionNode = document.get("version");
		if (versionNode != null && !versionNode.isNull()) {
			if (versionNode.isIntegralNumber() && versionNode.canConvertToLong() && versionNode.longValue() >= 0) {
				version = versionNode.longValue();
			}
			else {
				problems.add("version", "must be the whole number the report had when you loaded it");
			}
		}
		ReportDraft draft = new ReportDraft(title, description, mode.embedUrl(), mode.embedKind(), mode.renderMode(),
				settings, enabled, pages, filters, mode.binding(), options);
		return read((before != null) ? draft.asEditOf(before) : draft, mode, version, problems);
	}

	/**
	 * The columns of {@code one_file_per}: a list of texts; whether they are filters is
	 * the catalogue's rule.
	 */
	private static List<String> oneFilePer(@Nullable JsonNode node, DocumentProblems problems) {
		List<String> columns = new ArrayList<>();
		if (node == null || node.isNull()) {
			return columns;
		}
		if (!node.isArray()) {
			problems.add("one_file_per", "must be a list of filter columns, such as [\"Region\"]");
			return columns;
		}
		for (int i = 0; i < node.size(); i++) {
			if (node.get(i).isString()) {
				columns.add(node.get(i).stringValue().strip());
			}
			else {
				problems.add("one_file_per[" + i + "]", "must be the column of one of the report's filters, as text");
			}
		}
		return columns;
	}

	/**
	 * The draft, read from a document or the form, once the catalogue's rules and the
	 * render mode's have had their say.
	 * @throws ApiProblem listing every problem
	 */
	static Read read(ReportDraft draft, PowerBiSection.Read mode, Long version, DocumentProblems problems) {
		EmbedAddress address = mode.address();
		if (mode.urlMode() && address != null && !draft.filters().isEmpty() && !address.kind().supportsUrlFilters()) {
			problems.add("filters",
					"a " + address.kind().wireName().replace('_', '-') + " report cannot be filtered: "
							+ address.kind().describe()
							+ " Remove the filters or register the report's secure embed link instead.");
		}
		problems.addRules(ReportRules.check(draft));
		problems.throwIfAny();
		List<Page> ordered = new ArrayList<>(draft.pages());
		ordered.sort(Comparator.comparingInt(Page::order));
		return new Read(new ReportDraft(draft.title(), draft.description(), draft.embedUrl(), draft.embedKind(),
				draft.renderMode(), draft.settings(), draft.enabled(), ordered, draft.filters(), draft.powerbi(),
				draft.options()), version);
	}

	private static RenderSettings settings(JsonNode document, DocumentProblems problems) {
		String readySelector = text(document, "ready_selector", "ready_selector", false, problems);
		Integer settleMs = whole(document, "settle_ms", "settle_ms", 0, ReportRules.MAX_SETTLE_MS, problems);
		Integer timeoutMs = whole(document, "timeout_ms", "timeout_ms", ReportRules.MIN_TIMEOUT_MS,
				ReportRules.MAX_TIMEOUT_MS, problems);
		Integer cacheTtlS = whole(document, "cache_ttl_s", "cache_ttl_s", 0, ReportRules.MAX_CACHE_TTL_S, problems);
		Boolean hidePanes = document.hasNonNull("hide_panes")
				? bool(document, "hide_panes", "hide_panes", true, problems) : null;
		String filterParam = text(document, "filter_param", "filter_param", false, problems);
		boolean allowBoolean = bool(document, "allow_boolean_url_filters", "allow_boolean_url_filters", false,
				problems);
		return new RenderSettings(readySelector.isEmpty() ? null : readySelector, settleMs, timeoutMs, cacheTtlS,
				hidePanes, filterParam.isEmpty() ? null : filterParam, allowBoolean);
	}

	private static List<Page> pages(JsonNode node, DocumentProblems problems) {
		List<Page> pages = new ArrayList<>();
		if (node == null || !node.isArray()) {
			return pages;
		}
		for (int i = 0; i < node.size(); i++) {
			String path = "pages[" + i + "]";
			JsonNode page = node.get(i);
			if (!page.isObject()) {
				problems.add(path, "must be an object with name, display_name, order, width and height");
				continue;
			}
			unknownFields(page, path + ".", PAGE_FIELDS, problems);
			String name = text(page, "name", path + ".name", true, problems);
			String displayName = text(page, "display_name", path + ".display_name", false, problems);
			Integer order = whole(page, "order", path + ".order", 1, ReportRules.MAX_PAGE_ORDER, problems);
			Integer width = whole(page, "width", path + ".width", ReportRules.MIN_PAGE_SIZE, ReportRules.MAX_PAGE_SIZE,
					problems);
			Integer height = whole(page, "height", path + ".height", ReportRules.MIN_PAGE_SIZE,
					ReportRules.MAX_PAGE_SIZE, problems);
			problems.pageAt(i);
			pages.add(new Page(name, displayName.isEmpty() ? name : displayName, (order != null) ? order : i + 1,
					(width != null) ? width : ReportRules.DEFAULT_WIDTH,
					(height != null) ? height : ReportRules.DEFAULT_HEIGHT));
		}
		return pages;
	}

	private static List<Filter> filters(JsonNode node, DocumentProblems problems) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		if (!node.isArray()) {
			problems.add("filters", "must be a list of filters");
			return List.of();
		}
		List<Filter> filters = new ArrayList<>();
		for (int i = 0; i < node.size(); i++) {
			String path = "filters[" + i + "]";
			JsonNode filter = node.get(i);
			if (!filter.isObject()) {
				problems.add(path, "must be an object with label, table, column, type and allowed_values");
				continue;
			}
			unknownFields(filter, path + ".", FILTER_FIELDS, problems);
			String label = text(filter, "label", path + ".label", true, problems);
			String table = text(filter, "table", path + ".table", true, problems);
			String column = text(filter, "column", path + ".column", true, problems);
			FilterType type = filterType(filter, path, problems);
			boolean multiple = bool(filter, "multiple", path + ".multiple", false, problems);
			boolean required = bool(filter, "required", path + ".required", false, problems);
			List<Integer> indexes = new ArrayList<>();
			List<Object> allowed = (type != null) ? FilterValues.allowed(filter, path, type, indexes, problems)
					: List.of();
			List<Object> defaults = (type != null) ? FilterValues.defaults(filter, path, type, multiple, problems)
					: List.of();
			if (type == null) {
				problems.leaveToDocument(path + ".allowed_values", path + ".default");
			}
			problems.filterAt(i, indexes);
			filters.add(new Filter(label, table, column, (type != null) ? type : FilterType.TEXT, multiple, required,
					allowed, defaults));
		}
		return filters;
	}

	private static FilterType filterType(JsonNode filter, String path, DocumentProblems problems) {
		String name = text(filter, "type", path + ".type", true, problems);
		if (name.isEmpty()) {
			if (filter.hasNonNull("type") && filter.get("type").isString()) {
				problems.add(path + ".type", "must not be empty");
			}
			return null;
		}
		if (name.length() > 20) {
			problems.add(path + ".type", "must be at most 20 characters, got " + name.length());
			return null;
		}
		return FilterType.fromWireName(name).orElseGet(() -> {
			problems.add(path + ".type", "must be one of " + FilterType.wireNames() + ", got '" + name + "'");
			return null;
		});
	}

	private static void unknownFields(JsonNode node, String prefix, Set<String> known, DocumentProblems problems) {
		for (String name : node.propertyNames()) {
			if (!known.contains(name) && !(prefix.isEmpty() && READ_ONLY.contains(name))) {
				problems.add(prefix + name, "is not a field of this document; known fields: "
						+ String.join(", ", known.stream().sorted().toList()));
			}
		}
	}

	/** The field's text, stripped; its length and content are the catalogue's rules. */
	private static String text(JsonNode node, String name, String path, boolean required, DocumentProblems problems) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			if (required) {
				problems.add(path, "is required");
			}
			return "";
		}
		if (!value.isString()) {
			problems.add(path, "must be text");
			return "";
		}
		return value.stringValue().strip();
	}

	private static boolean bool(JsonNode node, String name, String path, boolean otherwise, DocumentProblems problems) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			return otherwise;
		}
		if (!value.isBoolean()) {
			problems.add(path, "must be true or false");
			return otherwise;
		}
		return value.booleanValue();
	}

	/**
	 * A whole number, or null when not sent; its range is the catalogue's rule, but one
	 * that is no whole number at all is refused with the same words.
	 */
	private static Integer whole(JsonNode node, String name, String path, int min, int max, DocumentProblems problems) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt()) {
			problems.add(path, "must be a whole number from " + min + " to " + max + ", got " + value);
			return null;
		}
		return value.intValue();
	}

}
