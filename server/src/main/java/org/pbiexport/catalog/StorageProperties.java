package org.pbiexport.catalog;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Where the app keeps its data and how much room it needs there. Both are settings of the
 * whole app at the top of {@code pbi-export}, read by name: no module binds that prefix
 * as its own.
 *
 * @param dataDir the data directory, {@code pbi-export.data-dir} (SQLite file, disk
 * cache)
 * @param minFreeDisk below this much free space on the data directory's volume, readiness
 * is DOWN ({@code pbi-export.min-free-disk})
 */
record StorageProperties(Path dataDir, DataSize minFreeDisk) {

	@Configuration(proxyBeanMethods = false)
	static class Binding {

		@Bean
		StorageProperties storageProperties(@Value("${pbi-export.data-dir:./data}") Path dataDir,
				@Value("${pbi-export.min-free-disk:100MB}") DataSize minFreeDisk) {
			return new StorageProperties(dataDir, minFreeDisk);
		}

	}

}
