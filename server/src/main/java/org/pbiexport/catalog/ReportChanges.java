package org.pbiexport.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What changed between two versions of a report, field by field, in words an admin reads:
 * pages are matched by their Power BI name and filters by their column, so a rename shows
 * as a change of one field rather than a removal and an addition.
 */
final class ReportChanges {

	/** Longest text kept for one side of a change; longer lists are cut with a count. */
	static final int MAX_VALUE_LENGTH = 2_000;

	private final List<FieldChange> changes = new ArrayList<>();

	private ReportChanges() {
	}

	/** Every field of a new report, as changes from nothing. */
	static List<FieldChange> created(ReportDraft draft) {
		return between(null, draft);
	}

	/** Every field of a deleted report, as changes to nothing. */
	static List<FieldChange> deleted(ReportDraft draft) {
		ReportChanges changes = new ReportChanges();
		changes.compare(draft, null);
		return List.copyOf(changes.changes);
	}

	static List<FieldChange> between(ReportDraft before, ReportDraft after) {
		ReportChanges changes = new ReportChanges();
		changes.compare(before, after);
		return List.copyOf(changes.changes);
	}

	private void compare(ReportDraft before, ReportDraft after) {
		field("title", before, after, ReportDraft::title);
		field("description", before, after, ReportDraft::description);
		field("enabled", before, after, ReportDraft::enabled);
		field("embed_url", before, after, ReportDraft::embedUrl);
		field("render_mode", before, after, ReportDraft::renderMode);
		field("ready_selector", before, after, (draft) -> draft.settings().readySelector());
		field("settle_ms", before, after, (draft) -> draft.settings().settleMs());
		field("timeout_ms", before, after, (draft) -> draft.settings().timeoutMs());
		field("cache_ttl_s", before, after, (draft) -> draft.settings().cacheTtlS());
		field("hide_panes", before, after, (draft) -> draft.settings().hidePanes());
		field("filter_param", before, after, (draft) -> draft.settings().filterParam());
		field("allow_boolean_url_filters", before, after, (draft) -> draft.settings().allowBooleanUrlFilters());
		field("one_file_per", before, after, (draft) -> String.join(", ", draft.options().oneFilePer()));
		field("warm_sessions", before, after, (draft) -> draft.options().warmSessions());
		field("powerbi.workspace_id", before, after, (draft) -> draft.powerbi().workspaceId());
		field("powerbi.report_id", before, after, (draft) -> draft.powerbi().reportId());
		field("powerbi.credential", before, after, (draft) -> draft.powerbi().credential());
		field("powerbi.identity.username", before, after, (draft) -> draft.powerbi().identityUsername());
		field("powerbi.identity.roles", before, after, (draft) -> String.join(", ", draft.powerbi().identityRoles()));
		pages(byKey((before != null) ? before.pages() : List.of(), Page::name),
				byKey((after != null) ? after.pages() : List.of(), Page::name));
		filters((before != null) ? before.filters() : List.of(), (after != null) ? after.filters() : List.of());
	}

	private void pages(Map<String, Page> before, Map<String, Page> after) {
		Map<String, Page> all = new LinkedHashMap<>(before);
		after.forEach(all::putIfAbsent);
		List<String> positionsBefore = List.copyOf(before.keySet());
		List<String> positionsAfter = List.copyOf(after.keySet());
		for (String name : all.keySet()) {
			Page old = before.get(name);
			Page updated = after.get(name);
			String prefix = "page " + name;
			if (old == null || updated == null) {
				add(prefix, describe(old), describe(updated));
				continue;
			}
			add(prefix + ": display_name", old.displayName(), updated.displayName());
			add(prefix + ": position", positionsBefore.indexOf(name) + 1, positionsAfter.indexOf(name) + 1);
			add(prefix + ": width", old.width(), updated.width());
			add(prefix + ": height", old.height(), updated.height());
		}
	}

	private void filters(List<Filter> beforeList, List<Filter> afterList) {
		Map<String, Filter> before = byKey(beforeList, Filter::column);
		Map<String, Filter> after = byKey(afterList, Filter::column);
		Map<String, Filter> all = new LinkedHashMap<>(before);
		after.forEach(all::putIfAbsent);
		for (String column : all.keySet()) {
			Filter old = before.get(column);
			Filter updated = after.get(column);
			String prefix = "filter " + column;
			if (old == null || updated == null) {
				add(prefix, describe(old), describe(updated));
				if (old == null) {
					add(prefix + ": allowed_values", "", values(updated, updated.allowedValues()));
				}
				continue;
			}
			add(prefix + ": label", old.label(), updated.label());
			add(prefix + ": table", old.table(), updated.table());
			add(prefix + ": type", old.type().wireName(), updated.type().wireName());
			add(prefix + ": multiple", old.multiple(), updated.multiple());
			add(prefix + ": required", old.required(), updated.required());
			add(prefix + ": position", beforeList.indexOf(old) + 1, afterList.indexOf(updated) + 1);
			add(prefix + ": allowed_values", values(old, old.allowedValues()),
					values(updated, updated.allowedValues()));
			add(prefix + ": default", values(old, old.defaults()), values(updated, updated.defaults()));
		}
	}

	private <T> void field(String name, ReportDraft before, ReportDraft after, Function<ReportDraft, T> value) {
		add(name, (before != null) ? value.apply(before) : null, (after != null) ? value.apply(after) : null);
	}

	private void add(String field, Object before, Object after) {
		String old = text(before);
		String updated = text(after);
		if (!old.equals(updated)) {
			this.changes.add(new FieldChange(field, old, updated));
		}
	}

	private static String describe(Page page) {
		return (page != null) ? page.displayName() + " (" + page.width() + "×" + page.height() + ")" : "";
	}

	private static String describe(Filter filter) {
		if (filter == null) {
			return "";
		}
		return filter.label() + " — " + filter.table() + "/" + filter.column() + ", " + filter.type().wireName()
				+ (filter.multiple() ? ", multiple" : "") + (filter.required() ? ", required" : "") + ", "
				+ filter.allowedValues().size() + " allowed values";
	}

	private static String values(Filter filter, List<Object> values) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < values.size(); i++) {
			String value = filter.type().format(values.get(i));
			if (text.length() + value.length() > MAX_VALUE_LENGTH) {
				return text + " … (" + values.size() + " values in all)";
			}
			text.append((i > 0) ? ", " : "").append(value);
		}
		return text.toString();
	}

	private static String text(Object value) {
		return Objects.toString(value, "");
	}

	private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
		Map<String, T> map = new LinkedHashMap<>();
		items.forEach((item) -> map.put(key.apply(item), item));
		return map;
	}

}
