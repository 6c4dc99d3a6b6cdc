package org.pbiexport.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.EmbedAddress;
import org.pbiexport.powerbi.EmbedAddresses;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

import tools.jackson.databind.JsonNode;

/**
 * Reads the admin API's report document (docs/contract.md) into a {@link ReportDraft},
 * checking every field and collecting one {@link FieldProblem} per problem, so an admin
 * sees all of them at once. Nothing is stored unless the whole document is valid.
 */
class ReportDocumentReader {

	static final int MIN_SIZE = 100;

	static final int MAX_SIZE = 10_000;

	static final int DEFAULT_WIDTH = 1280;

	static final int DEFAULT_HEIGHT = 720;

	/** Fields the server fills in; clients may send them back unchanged from a GET. */
	private static final Set<String> READ_ONLY = Set.of("report_id", "embed_kind", "embed_kind_description",
			"url_filters", "sign_in_needed", "created_at", "updated_at", "updated_by", "page_count", "formats");

	private static final Set<String> FIELDS = Set.of("title", "description", "enabled", "render_mode", "embed_url",
			"pages", "filters", "version", "ready_selector", "settle_ms", "timeout_ms", "cache_ttl_s", "hide_panes",
			"filter_param", "allow_boolean_url_filters", "powerbi");

	private static final Set<String> PAGE_FIELDS = Set.of("name", "display_name", "order", "width", "height");

	private static final Set<String> FILTER_FIELDS = Set.of("label", "table", "column", "type", "multiple", "required",
			"allowed_values", "default");

	private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z$][A-Za-z0-9_$]{0,39}");

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

	Read read(JsonNode document) {
		Problems problems = new Problems();
		if (document == null || !document.isObject()) {
			throw ApiProblem.invalid("body", "must be a JSON object describing the report");
		}
		unknownFields(document, "", FIELDS, problems);
		String title = text(document, "title", "title", 200, true, problems);
		String description = text(document, "description", "description", 2000, false, problems);
		boolean enabled = bool(document, "enabled", "enabled", true, problems);
		List<FieldProblem> modeProblems = new ArrayList<>();
		PowerBiSection.Read mode = this.powerbi.read(document, modeProblems);
		modeProblems.forEach(problems::add);
		EmbedAddress address = mode.address();
		RenderSettings settings = settings(document, problems);
		List<Page> pages = pages(document.get("pages"), problems);
		List<Filter> filters = filters(document.get("filters"), settings, problems);
		if (mode.urlMode() && address != null && !filters.isEmpty() && !address.kind().supportsUrlFilters()) {
			problems.add("filters",
					"a " + address.kind().wireName().replace('_', '-') + " report cannot be filtered: "
							+ address.kind().describe()
							+ " Remove the filters or register the report's secure embed link instead.");
		}
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
		problems.throwIfAny();
		return new Read(new ReportDraft(title, description, mode.embedUrl(), mode.embedKind(), mode.renderMode(),
				settings, enabled, pages, filters, mode.binding()), version);
	}

	private static RenderSettings settings(JsonNode document, Problems problems) {
		String readySelector = text(document, "ready_selector", "ready_selector", 500, false, problems);
		Integer settleMs = bounded(document, "settle_ms", 0, 60_000, problems);
		Integer timeoutMs = bounded(document, "timeout_ms", 1_000, 600_000, problems);
		Integer cacheTtlS = bounded(document, "cache_ttl_s", 0, 30 * 24 * 3600, problems);
		Boolean hidePanes = document.hasNonNull("hide_panes")
				? bool(document, "hide_panes", "hide_panes", true, problems) : null;
		String filterParam = text(document, "filter_param", "filter_param", 40, false, problems);
		if (!filterParam.isEmpty() && !PARAMETER_NAME.matcher(filterParam).matches()) {
			problems.add("filter_param", "must be a URL parameter name such as filter or $filter");
		}
		boolean allowBoolean = bool(document, "allow_boolean_url_filters", "allow_boolean_url_filters", false,
				problems);
		return new RenderSettings(readySelector.isEmpty() ? null : readySelector, settleMs, timeoutMs, cacheTtlS,
				hidePanes, filterParam.isEmpty() ? null : filterParam, allowBoolean);
	}

	private static List<Page> pages(JsonNode node, Problems problems) {
		if (node == null || node.isNull() || !node.isArray() || node.isEmpty()) {
			problems.add("pages", "must list at least one page: {\"name\": <Power BI's internal page name>, "
					+ "\"display_name\": ..., \"width\": ..., \"height\": ...}");
			return List.of();
		}
		List<Page> pages = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < node.size(); i++) {
			String path = "pages[" + i + "]";
			JsonNode page = node.get(i);
			if (!page.isObject()) {
				problems.add(path, "must be an object with name, display_name, order, width and height");
				continue;
			}
			unknownFields(page, path + ".", PAGE_FIELDS, problems);
			String name = text(page, "name", path + ".name", 200, true, problems);
			if (!name.isEmpty() && !names.add(name)) {
				problems.add(path + ".name", "'" + name + "' is already the name of another page");
			}
			String displayName = text(page, "display_name", path + ".display_name", 200, false, problems);
			Integer order = bounded(page, "order", path + ".order", 1, 10_000, problems);
			Integer width = bounded(page, "width", path + ".width", MIN_SIZE, MAX_SIZE, problems);
			Integer height = bounded(page, "height", path + ".height", MIN_SIZE, MAX_SIZE, problems);
			pages.add(new Page(name, displayName.isEmpty() ? name : displayName, (order != null) ? order : i + 1,
					(width != null) ? width : DEFAULT_WIDTH, (height != null) ? height : DEFAULT_HEIGHT));
		}
		List<Page> ordered = new ArrayList<>(pages);
		ordered.sort(Comparator.comparingInt(Page::order));
		return ordered;
	}

	private static List<Filter> filters(JsonNode node, RenderSettings settings, Problems problems) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		if (!node.isArray()) {
			problems.add("filters", "must be a list of filters");
			return List.of();
		}
		List<Filter> filters = new ArrayList<>();
		Set<String> columns = new HashSet<>();
		for (int i = 0; i < node.size(); i++) {
			String path = "filters[" + i + "]";
			JsonNode filter = node.get(i);
			if (!filter.isObject()) {
				problems.add(path, "must be an object with label, table, column, type and allowed_values");
				continue;
			}
			unknownFields(filter, path + ".", FILTER_FIELDS, problems);
			String label = text(filter, "label", path + ".label", 200, true, problems);
			String table = text(filter, "table", path + ".table", 200, true, problems);
			String column = text(filter, "column", path + ".column", 200, true, problems);
			if (!column.isEmpty() && !columns.add(column)) {
				problems.add(path + ".column", "'" + column + "' is already the column of another filter; "
						+ "a column may have one filter per report");
			}
			if (table.startsWith("INF")) {
				problems.add(path + ".table", "Power BI cannot filter tables whose name starts with INF");
			}
			if (column.startsWith("INF")) {
				problems.add(path + ".column", "Power BI cannot filter columns whose name starts with INF");
			}
			FilterType type = filterType(filter, path, problems);
			if (type == FilterType.BOOLEAN && !settings.allowBooleanUrlFilters()) {
				problems.add(path + ".type", "boolean filters are not documented for Power BI URL filters; "
						+ "set allow_boolean_url_filters to true to use them anyway");
			}
			boolean multiple = bool(filter, "multiple", path + ".multiple", false, problems);
			boolean required = bool(filter, "required", path + ".required", false, problems);
			List<Object> allowed = (type != null) ? allowedValues(filter, path, type, problems) : List.of();
			List<Object> defaults = (type != null) ? defaults(filter, path, type, multiple, allowed, problems)
					: List.of();
			filters.add(new Filter(label, table, column, (type != null) ? type : FilterType.TEXT, multiple, required,
					allowed, defaults));
		}
		return filters;
	}

	private static FilterType filterType(JsonNode filter, String path, Problems problems) {
		String name = text(filter, "type", path + ".type", 20, true, problems);
		if (name.isEmpty()) {
			return null;
		}
		return FilterType.fromWireName(name).orElseGet(() -> {
			problems.add(path + ".type", "must be one of " + FilterType.wireNames() + ", got '" + name + "'");
			return null;
		});
	}

	private static List<Object> allowedValues(JsonNode filter, String path, FilterType type, Problems problems) {
		JsonNode values = filter.get("allowed_values");
		if (values == null || !values.isArray() || values.isEmpty()) {
			problems.add(path + ".allowed_values", "must list at least one value (" + type.expected() + ")");
			return List.of();
		}
		List<Object> allowed = new ArrayList<>();
		for (int j = 0; j < values.size(); j++) {
			String valuePath = path + ".allowed_values[" + j + "]";
			try {
				Object value = type.fromJson(values.get(j));
				if (type == FilterType.TEXT && ((String) value).isBlank()) {
					problems.add(valuePath, "must not be empty");
				}
				else if (type == FilterType.TEXT && ((String) value).length() > 1000) {
					problems.add(valuePath, "must be at most 1000 characters");
				}
				else if (allowed.contains(value)) {
					problems.add(valuePath, "repeats the value " + values.get(j));
				}
				else {
					allowed.add(value);
				}
			}
			catch (IllegalArgumentException | ArithmeticException ex) {
				problems.add(valuePath, messageOf(ex, type));
			}
		}
		return allowed;
	}

	private static List<Object> defaults(JsonNode filter, String path, FilterType type, boolean multiple,
			List<Object> allowed, Problems problems) {
		JsonNode node = filter.get("default");
		if (node == null || node.isNull()) {
			return List.of();
		}
		String defaultPath = path + ".default";
		if (node.isArray() && !multiple) {
			problems.add(defaultPath, "must be one value, as the filter is not multiple");
			return List.of();
		}
		List<JsonNode> nodes = new ArrayList<>();
		if (node.isArray()) {
			node.forEach(nodes::add);
		}
		else {
			nodes.add(node);
		}
		List<Object> defaults = new ArrayList<>();
		for (JsonNode value : nodes) {
			try {
				Object typed = type.fromJson(value);
				if (!allowed.contains(typed)) {
					problems.add(new FieldProblem(defaultPath, "must be one of the allowed values, got " + value,
							allowed.stream().map(type::toJson).toList()));
				}
				else if (!defaults.contains(typed)) {
					defaults.add(typed);
				}
			}
			catch (IllegalArgumentException | ArithmeticException ex) {
				problems.add(defaultPath, messageOf(ex, type));
			}
		}
		return defaults;
	}

	private static String messageOf(RuntimeException ex, FilterType type) {
		return (ex instanceof IllegalArgumentException && ex.getMessage() != null) ? ex.getMessage()
				: "must be " + type.expected();
	}

	private static void unknownFields(JsonNode node, String prefix, Set<String> known, Problems problems) {
		for (String name : node.propertyNames()) {
			if (!known.contains(name) && !(prefix.isEmpty() && READ_ONLY.contains(name))) {
				problems.add(prefix + name, "is not a field of this document; known fields: "
						+ String.join(", ", known.stream().sorted().toList()));
			}
		}
	}

	private static String text(JsonNode node, String name, String path, int maxLength, boolean required,
			Problems problems) {
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
		String text = value.stringValue().strip();
		if (required && text.isEmpty()) {
			problems.add(path, "must not be empty");
		}
		if (text.length() > maxLength) {
			problems.add(path, "must be at most " + maxLength + " characters, got " + text.length());
			return "";
		}
		return text;
	}

	private static boolean bool(JsonNode node, String name, String path, boolean otherwise, Problems problems) {
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

	private static Integer bounded(JsonNode node, String name, int min, int max, Problems problems) {
		return bounded(node, name, name, min, max, problems);
	}

	private static Integer bounded(JsonNode node, String name, String path, int min, int max, Problems problems) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min
				|| value.longValue() > max) {
			problems.add(path, "must be a whole number from " + min + " to " + max + ", got " + value);
			return null;
		}
		return (int) value.longValue();
	}

	/** The problems found so far; thrown together as one 400. */
	private static final class Problems {

		private final List<FieldProblem> found = new ArrayList<>();

		void add(String field, String message) {
			this.found.add(new FieldProblem(field, message));
		}

		void add(FieldProblem problem) {
			this.found.add(problem);
		}

		void throwIfAny() {
			if (!this.found.isEmpty()) {
				throw ApiProblem.invalid(this.found);
			}
		}

	}

}
