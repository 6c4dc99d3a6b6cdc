package org.pbiexport.imports;

import java.util.List;

import org.pbiexport.catalog.Filter;

/**
 * What a filter file means: the filters in the file's order with typed, cleaned values,
 * every error found, how many data rows were read and how many duplicate values were
 * dropped. With any error nothing may be written.
 */
public record ImportedFilters(List<Filter> filters, List<ImportError> errors, int rows, int duplicatesDropped) {

	public ImportedFilters {
		filters = List.copyOf(filters);
		errors = List.copyOf(errors);
	}

}
