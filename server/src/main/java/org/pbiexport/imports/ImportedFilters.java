package org.pbiexport.imports;

import java.util.List;
import java.util.Map;

import org.pbiexport.catalog.Filter;

/**
 * What a filter file means: the filters in the file's order with typed, cleaned values,
 * every error found, how many data rows were read, how many duplicate values were dropped
 * and where each filter came from (by column). With any error nothing may be written.
 */
public record ImportedFilters(List<Filter> filters, List<ImportError> errors, int rows, int duplicatesDropped,
		Map<String, FilterOrigin> origins) {

	public ImportedFilters {
		filters = List.copyOf(filters);
		errors = List.copyOf(errors);
		origins = Map.copyOf(origins);
	}

	public ImportedFilters(List<Filter> filters, List<ImportError> errors, int rows, int duplicatesDropped) {
		this(filters, errors, rows, duplicatesDropped, Map.of());
	}

}
