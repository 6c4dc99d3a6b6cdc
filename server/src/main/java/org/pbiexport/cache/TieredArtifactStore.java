package org.pbiexport.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The embedded artifact store: a bounded memory tier (Caffeine) in front of a bounded
 * disk tier ({@link DiskTier}) in {@code <data-dir>/cache}, each entry with its expiry.
 * Every put goes to memory and, when the disk tier has room, to disk; a miss in memory
 * that is found on disk is kept in memory again. A restart keeps what is on disk.
 */
@Component
@ConditionalOnProperty(name = "pbi-export.role", havingValue = "all", matchIfMissing = true)
class TieredArtifactStore implements ArtifactStore, DisposableBean {

	private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

	private final Cache<String, ExpiringArtifact> memory;

	private final DiskTier disk;

	@Autowired
	TieredArtifactStore(CacheProperties properties) {
		this(properties, CacheFolder::usableSpace, null);
	}

	/**
	 * @param usableSpace how many bytes may still be written on the volume of a folder
	 */
	TieredArtifactStore(CacheProperties properties, ToLongFunction<Path> usableSpace) {
		this(properties, usableSpace, null);
	}

	/**
	 * @param housekeeping where pruning runs; null for the store's own background thread
	 */
	TieredArtifactStore(CacheProperties properties, ToLongFunction<Path> usableSpace, @Nullable Executor housekeeping) {
		this.disk = new DiskTier(properties.dataDir().resolve("cache").toAbsolutePath().normalize(),
				properties.cache().diskSize().toBytes(), properties.cache().diskReserve().toBytes(), usableSpace,
				housekeeping);
		this.memory = Caffeine.newBuilder()
			.maximumWeight(properties.cache().memorySize().toBytes())
			.weigher((String key, ExpiringArtifact entry) -> entry.weight())
			.expireAfter(new Expiry<String, ExpiringArtifact>() {
				@Override
				public long expireAfterCreate(String key, ExpiringArtifact entry, long now) {
					return Math.max(0, Duration.between(Instant.now(), entry.expires()).toNanos());
				}

				@Override
				public long expireAfterUpdate(String key, ExpiringArtifact entry, long now, long current) {
					return expireAfterCreate(key, entry, now);
				}

				@Override
				public long expireAfterRead(String key, ExpiringArtifact entry, long now, long current) {
					return current;
				}
			})
			.build();
	}

	@Override
	public Optional<Artifact> get(String owner, String key) {
		return entry(owner, key).map(ExpiringArtifact::artifact);
	}

	@Override
	public Optional<Duration> remaining(String owner, String key) {
		return entry(owner, key).map((entry) -> Duration.between(Instant.now(), entry.expires()));
	}

	private Optional<ExpiringArtifact> entry(String owner, String key) {
		// Only checked names were put, so a memory hit needs no check; the disk does.
		ExpiringArtifact entry = this.memory.getIfPresent(owner + "/" + key);
		if (entry == null) {
			check(owner, key);
		}
		if (entry == null && this.disk.enabled()) {
			entry = this.disk.read(owner, key);
			if (entry != null) {
				this.memory.put(owner + "/" + key, entry);
			}
		}
		return Optional.ofNullable(entry).filter((e) -> e.expires().isAfter(Instant.now()));
	}

	@Override
	public void put(String owner, String key, Artifact artifact, Duration ttl) {
		check(owner, key);
		ExpiringArtifact entry = new ExpiringArtifact(artifact, Instant.now().plus(ttl));
		this.memory.put(owner + "/" + key, entry);
		this.disk.put(owner, key, entry);
	}

	@Override
	public void remove(String owner, String key) {
		check(owner, key);
		this.memory.invalidate(owner + "/" + key);
		this.disk.remove(owner, key);
	}

	@Override
	public void evict(String owner) {
		this.memory.asMap().keySet().removeIf((key) -> key.startsWith(owner + "/"));
		this.disk.evict(owner);
	}

	@Override
	public void destroy() {
		this.disk.close();
	}

	private static void check(String owner, String key) {
		if (!SAFE_NAME.matcher(owner).matches() || !SAFE_NAME.matcher(key).matches()) {
			throw new IllegalArgumentException("owner and key must be short names of letters, digits, - and _");
		}
	}

}