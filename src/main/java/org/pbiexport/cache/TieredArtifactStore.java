package org.pbiexport.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The embedded artifact store: a bounded memory tier (Caffeine) in front of a bounded
 * disk tier in {@code <data-dir>/cache/<owner>/<key>.bin}, each entry with its expiry.
 * Files are written to a temporary name and moved into place, so a reader never sees half
 * a file; a restart keeps what is on disk. The disk tier leaves a reserve free on its
 * volume (the database lives there too): it evicts its oldest files to keep it, or keeps
 * a new file in memory only.
 */
@Component
class TieredArtifactStore implements ArtifactStore {

	private static final Logger log = LoggerFactory.getLogger(TieredArtifactStore.class);

	private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

	private final Cache<String, Entry> memory;

	private final Path directory;

	private final long diskLimit;

	private final long diskReserve;

	private final ToLongFunction<Path> usableSpace;

	private volatile Instant reserveWarned = Instant.MIN;

	@Autowired
	TieredArtifactStore(CacheProperties properties) {
		this(properties, TieredArtifactStore::usableSpace);
	}

	/**
	 * @param usableSpace how many bytes may still be written on the volume of a folder
	 */
	TieredArtifactStore(CacheProperties properties, ToLongFunction<Path> usableSpace) {
		this.directory = properties.dataDir().resolve("cache").toAbsolutePath().normalize();
		this.diskLimit = properties.cache().diskSize().toBytes();
		this.diskReserve = properties.cache().diskReserve().toBytes();
		this.usableSpace = usableSpace;
		this.memory = Caffeine.newBuilder()
			.maximumWeight(properties.cache().memorySize().toBytes())
			.weigher((String key, Entry entry) -> entry.artifact().bytes().length)
			.expireAfter(new Expiry<String, Entry>() {
				@Override
				public long expireAfterCreate(String key, Entry entry, long now) {
					return Math.max(0, Duration.between(Instant.now(), entry.expires()).toNanos());
				}

				@Override
				public long expireAfterUpdate(String key, Entry entry, long now, long current) {
					return expireAfterCreate(key, entry, now);
				}

				@Override
				public long expireAfterRead(String key, Entry entry, long now, long current) {
					return current;
				}
			})
			.build();
	}

	private record Entry(Artifact artifact, Instant expires) {
	}

	@Override
	public Optional<Artifact> get(String owner, String key) {
		check(owner, key);
		Entry entry = this.memory.getIfPresent(owner + "/" + key);
		if (entry == null && this.diskLimit > 0) {
			entry = read(owner, key);
			if (entry != null) {
				this.memory.put(owner + "/" + key, entry);
			}
		}
		return Optional.ofNullable(entry).filter((e) -> e.expires().isAfter(Instant.now())).map(Entry::artifact);
	}

	@Override
	public void put(String owner, String key, Artifact artifact, Duration ttl) {
		check(owner, key);
		Entry entry = new Entry(artifact, Instant.now().plus(ttl));
		this.memory.put(owner + "/" + key, entry);
		if (this.diskLimit > 0 && artifact.bytes().length <= this.diskLimit && makeRoom(artifact.bytes().length)) {
			write(owner, key, entry);
			prune();
		}
	}

	@Override
	public void evict(String owner) {
		this.memory.asMap().keySet().removeIf((key) -> key.startsWith(owner + "/"));
		deleteRecursively(this.directory.resolve(owner));
	}

	private Entry read(String owner, String key) {
		Path data = this.directory.resolve(owner).resolve(key + ".bin");
		Path meta = this.directory.resolve(owner).resolve(key + ".properties");
		try (InputStream in = Files.newInputStream(meta)) {
			Properties properties = new Properties();
			properties.load(in);
			Instant expires = Instant.parse(properties.getProperty("expires"));
			if (!expires.isAfter(Instant.now())) {
				Files.deleteIfExists(data);
				Files.deleteIfExists(meta);
				return null;
			}
			java.util.Map<String, String> attributes = new java.util.HashMap<>();
			properties.stringPropertyNames()
				.stream()
				.filter((name) -> name.startsWith("attribute."))
				.forEach((name) -> attributes.put(name.substring("attribute.".length()), properties.getProperty(name)));
			return new Entry(new Artifact(Files.readAllBytes(data), attributes), expires);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private void write(String owner, String key, Entry entry) {
		try {
			Path folder = Files.createDirectories(this.directory.resolve(owner));
			Properties properties = new Properties();
			properties.setProperty("expires", entry.expires().toString());
			entry.artifact().attributes().forEach((name, value) -> properties.setProperty("attribute." + name, value));
			Path data = folder.resolve(key + ".bin");
			Path meta = folder.resolve(key + ".properties");
			Path temporary = Files.createTempFile(folder, key, ".tmp");
			Files.write(temporary, entry.artifact().bytes());
			move(temporary, data);
			temporary = Files.createTempFile(folder, key, ".tmp");
			try (OutputStream out = Files.newOutputStream(temporary)) {
				properties.store(out, null);
			}
			move(temporary, meta);
		}
		catch (IOException ex) {
			// The memory tier still has it; a disk problem must not fail an export.
			log.warn("Could not write a cached file to {}: {}", this.directory, ex.getMessage());
		}
	}

	/**
	 * Makes room for a new file without going below the volume's reserve, deleting the
	 * oldest files as needed. @return false when even an empty disk tier would not leave
	 * the reserve: the file then stays in memory only
	 */
	private synchronized boolean makeRoom(long bytes) {
		// The file, its small properties file and a temporary copy's rounding.
		long size = bytes + 8192;
		if (this.usableSpace.applyAsLong(this.directory) - size >= this.diskReserve) {
			return true;
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			List<Path> oldestFirst = files.filter((path) -> path.toString().endsWith(".bin"))
				.sorted(Comparator.comparing(TieredArtifactStore::modified))
				.toList();
			for (Path path : oldestFirst) {
				delete(path);
				if (this.usableSpace.applyAsLong(this.directory) - size >= this.diskReserve) {
					return true;
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			log.debug("Making room in the disk cache failed", ex);
		}
		Instant now = Instant.now();
		if (this.reserveWarned.isBefore(now.minus(Duration.ofMinutes(10)))) {
			this.reserveWarned = now;
			log.warn("The disk cache keeps new files in memory only: its volume has less than the reserve of {} MB "
					+ "free (pbi-export.cache.disk-reserve)", this.diskReserve / (1024 * 1024));
		}
		return false;
	}

	private static void delete(Path data) throws IOException {
		Files.deleteIfExists(data);
		Files.deleteIfExists(Path.of(data.toString().replaceAll("\\.bin$", ".properties")));
	}

	/**
	 * Free space on the folder's volume (its nearest existing parent's); unknown: any.
	 */
	static long usableSpace(Path folder) {
		Path existing = folder;
		while (existing != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		try {
			return (existing != null) ? Files.getFileStore(existing).getUsableSpace() : Long.MAX_VALUE;
		}
		catch (IOException ex) {
			return Long.MAX_VALUE;
		}
	}

	/** Deletes the oldest files until the disk tier is within its size. */
	private synchronized void prune() {
		try (Stream<Path> files = Files.walk(this.directory)) {
			List<Path> data = files.filter((path) -> path.toString().endsWith(".bin")).toList();
			long total = 0;
			for (Path path : data) {
				total += Files.size(path);
			}
			if (total <= this.diskLimit) {
				return;
			}
			List<Path> oldestFirst = data.stream().sorted(Comparator.comparing(TieredArtifactStore::modified)).toList();
			for (Path path : oldestFirst) {
				if (total <= this.diskLimit) {
					break;
				}
				total -= Files.size(path);
				delete(path);
			}
		}
		catch (IOException | UncheckedIOException ex) {
			log.debug("Pruning the disk cache failed", ex);
		}
	}

	private static java.nio.file.attribute.FileTime modified(Path path) {
		try {
			return Files.getLastModifiedTime(path);
		}
		catch (IOException ex) {
			return java.nio.file.attribute.FileTime.fromMillis(0);
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void deleteRecursively(Path folder) {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			log.debug("Could not delete {}", folder, ex);
		}
	}

	private static void check(String owner, String key) {
		if (!SAFE_NAME.matcher(owner).matches() || !SAFE_NAME.matcher(key).matches()) {
			throw new IllegalArgumentException("owner and key must be short names of letters, digits, - and _");
		}
	}

}
