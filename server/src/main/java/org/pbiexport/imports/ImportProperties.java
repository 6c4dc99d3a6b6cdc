package org.pbiexport.imports;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the imports module.
 *
 * @param maxDistinctValues the most different values a column of a data extract may have
 * to become a filter; a longer list is no list to choose from (a customer ID, an amount)
 */
@ConfigurationProperties("pbi-export.imports")
record ImportProperties(@DefaultValue("10000") int maxDistinctValues) {

	ImportProperties {
		if (maxDistinctValues < 1) {
			throw new IllegalArgumentException("pbi-export.imports.max-distinct-values must be at least 1");
		}
	}

}
