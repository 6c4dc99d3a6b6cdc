package org.pbiexport.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.jspecify.annotations.Nullable;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Filter;
import org.pbiexport.catalog.FilterType;
import org.pbiexport.catalog.Report;
import org.pbiexport.catalog.ReportAccess;
import org.pbiexport.catalog.ReportChanged;
import org.pbiexport.catalog.ReportSummary;
import org.pbiexport.queue.Signals;
import org.springdoc.core.customizers.OpenApiLocaleCustomizer;
import org.springdoc.core.service.OpenAPIService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The {@code filter.<column>} query parameters of {@code GET /api/export} (and
 * {@code /export}) as real parameters of the OpenAPI document, one per filter column of
 * the enabled reports, so that Swagger UI's "Try it out" can send them. springdoc keeps
 * the document it built (per locale; building it takes seconds): when a report changes,
 * here or on another node, the kept documents are dropped, and the next request builds
 * one from the catalogue as it is then. Where the public API needs a key
 * ({@code pbi-export.api.require-key}) the columns are left out: the document is public
 * and kept for everyone alike, so it would name the reports' filters to anyone.
 */
@Component
class FilterParameters implements OpenApiLocaleCustomizer {

	/** Longer lists of allowed values are described, not listed as an enum. */
	static final int MAX_ENUM = 50;

	private final Catalog catalog;

	private final ObjectProvider<OpenAPIService> documents;

	private final boolean listed;

	/** The locales springdoc kept a document for, so that they can be dropped. */
	private final Set<Locale> kept = ConcurrentHashMap.newKeySet();

	FilterParameters(Catalog catalog, ObjectProvider<OpenAPIService> documents, Signals signals,
			Environment environment) {
		this.catalog = catalog;
		this.documents = documents;
		this.listed = !environment.getProperty("pbi-export.api.require-key", Boolean.class, false);
		signals.subscribe(ExportAdmission.REPORTS_CHANGED, (report) -> forget());
	}

	@Override
	public void customise(OpenAPI openApi, Locale locale) {
		this.kept.add(locale);
		if (!this.listed || openApi.getPaths() == null) {
			return;
		}
		List<Parameter> parameters = parameters(this.catalog);
		for (String path : List.of("/api/export", "/export")) {
			PathItem item = openApi.getPaths().get(path);
			if (item != null && item.getGet() != null) {
				parameters.forEach(item.getGet()::addParametersItem);
			}
		}
	}

	/** A report changed on this node (another node's change comes as a signal). */
	@TransactionalEventListener(fallbackExecution = true)
	void reportChanged(ReportChanged event) {
		forget();
	}

	/** Drops the kept documents: springdoc builds the next one afresh. */
	private void forget() {
		OpenAPIService service = this.documents.getIfAvailable();
		if (this.listed && service != null) {
			this.kept.forEach((locale) -> service.setCachedOpenAPI(null, locale));
		}
	}

	/**
	 * One optional parameter per column, in the order the reports (by title) name them.
	 */
	static List<Parameter> parameters(Catalog catalog) {
		Map<String, List<Use>> byColumn = new LinkedHashMap<>();
		for (ReportSummary summary : catalog.enabledReports(ReportAccess.all())) {
			Report report = catalog.find(summary.id()).orElse(null);
			if (report == null || !report.enabled()) {
				continue;
			}
			for (Filter filter : report.filters()) {
				byColumn.computeIfAbsent(filter.column(), (key) -> new ArrayList<>()).add(new Use(report, filter));
			}
		}
		List<Parameter> parameters = new ArrayList<>();
		byColumn.forEach((column, uses) -> parameters.add(parameter(column, uses)));
		return parameters;
	}

	private static Parameter parameter(String column, List<Use> uses) {
		boolean multiple = uses.stream().anyMatch((use) -> use.filter().multiple());
		Schema<?> value = valueSchema(uses);
		String reports = uses.stream()
			.map((use) -> "\u201c" + text(use.report().title()) + "\u201d (report_id " + use.report().id().value()
					+ ")")
			.distinct()
			.collect(Collectors.joining(", "));
		String description = "Filter `" + column + "` of " + reports + "; only for those reports"
				+ (multiple ? "; repeat it for several values" : "") + ". Leave it empty for the report's default.";
		Parameter parameter = new Parameter().in("query")
			.name(ExportQuery.FILTER_PREFIX + column)
			.required(false)
			.description(description);
		if (multiple) {
			return parameter.explode(true).style(Parameter.StyleEnum.FORM).schema(new ArraySchema().items(value));
		}
		return parameter.schema(value);
	}

	/**
	 * The values' schema: typed when every report types the column alike, with the
	 * allowed values as an enum when every report lists them and there are at most
	 * {@link #MAX_ENUM}.
	 */
	private static Schema<?> valueSchema(List<Use> uses) {
		Set<FilterType> types = uses.stream().map((use) -> use.filter().type()).collect(Collectors.toSet());
		FilterType type = (types.size() == 1) ? types.iterator().next() : null;
		Set<Object> allowed = new LinkedHashSet<>();
		boolean listed = true;
		for (Use use : uses) {
			listed &= !use.filter().allowedValues().isEmpty();
			allowed.addAll((type != null) ? use.filter().allowedValuesJson()
					: use.filter().allowedValuesJson().stream().map(String::valueOf).toList());
		}
		Schema<Object> schema = schemaOf(type);
		if (listed && allowed.size() <= MAX_ENUM) {
			schema.setEnum(new ArrayList<>(allowed));
		}
		else if (!allowed.isEmpty()) {
			schema.setDescription(allowed.size() + " allowed values: see GET /api/filters/{report_id}");
		}
		return schema;
	}

	@SuppressWarnings("unchecked")
	private static Schema<Object> schemaOf(@Nullable FilterType type) {
		Schema<?> schema = switch ((type != null) ? type : FilterType.TEXT) {
			case INTEGER -> new IntegerSchema().format("int64");
			case DECIMAL -> new NumberSchema();
			// Dates and times travel as the texts /api/filters lists ("2023-01-31",
			// "2023-01-31T08:00:00", without a zone): date-time would demand an offset.
			case DATE -> new StringSchema().format("date");
			case DATETIME -> new StringSchema().description("a local date and time, e.g. 2023-01-31T08:00:00");
			case BOOLEAN -> new BooleanSchema();
			case TEXT -> new StringSchema();
		};
		return (Schema<Object>) schema;
	}

	/** A title as CommonMark text: no HTML tag out of it. */
	private static String text(String title) {
		return title.replace("&", "&amp;").replace("<", "&lt;");
	}

	private record Use(Report report, Filter filter) {
	}

}
