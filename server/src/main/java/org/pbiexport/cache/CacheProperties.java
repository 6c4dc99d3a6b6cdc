package org.pbiexport.cache;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the artifact store: the data directory (the disk cache is its {@code cache}
 * folder) and the sizes of both tiers. The module binds only its own
 * {@code pbi-export.cache.*}; the data directory is the app's, read by name.
 *
 * @param dataDir the data directory, {@code pbi-export.data-dir}
 * @param cache the sizes of the memory and disk tiers ({@code pbi-export.cache.*})
 */
public record CacheProperties(Path dataDir, Tiers cache) {

	/**
	 * @param memorySize how much memory cached files may take
	 * @param diskSize how much disk cached files may take; 0 turns the disk tier off
	 * @param diskReserve how much space the disk tier leaves free on its volume, for the
	 * database and everything else there: it evicts old files, or keeps a new one in
	 * memory only, rather than go below
	 * @param redisChunkSize scaled out, the largest value one file is stored in: bigger
	 * files are stored in chunks of this size
	 */
	@ConfigurationProperties("pbi-export.cache")
	public record Tiers(@DefaultValue("256MB") DataSize memorySize, @DefaultValue("2GB") DataSize diskSize,
			@DefaultValue("512MB") DataSize diskReserve, @DefaultValue("1MB") DataSize redisChunkSize) {

		@ConstructorBinding
		public Tiers {
		}

		/** The tiers of the embedded default, with the default Redis chunk size. */
		public Tiers(DataSize memorySize, DataSize diskSize, DataSize diskReserve) {
			this(memorySize, diskSize, diskReserve, DataSize.ofMegabytes(1));
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(Tiers.class)
	static class Binding {

		@Bean
		CacheProperties cacheProperties(@Value("${pbi-export.data-dir:./data}") Path dataDir, Tiers cache) {
			return new CacheProperties(dataDir, cache);
		}

	}

}
