package org.pbiexport.catalog;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where the app keeps its data and how much room it needs there, under
 * {@code pbi-export}.
 *
 * @param dataDir the data directory, {@code pbi-export.data-dir} (SQLite file, disk
 * cache)
 * @param minFreeDisk below this much free space on the data directory's volume, readiness
 * is DOWN ({@code pbi-export.min-free-disk})
 */
@ConfigurationProperties("pbi-export")
record StorageProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("100MB") DataSize minFreeDisk) {

}
