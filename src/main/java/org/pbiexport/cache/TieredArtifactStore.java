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
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.StampedLock;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The embedded artifact store: a bounded memory tier (Caffeine) in front of a bounded
 * disk tier in {@code <data-dir>/cache/<owner>/<key>.bin}, each entry with its expiry.
 * Files are written to a temporary name and moved into place, so a reader never sees half
 * a file; a restart keeps what is on disk. The disk tier leaves a reserve free on its
 * volume (the database lives there too).
 * <p>
 * A put never waits for housekeeping: it writes one file when there is room, else keeps
 * the artifact in memory only. Deleting the oldest files, to stay within the size and the
 * reserve, runs on one background thread, started early (at 90 % of the size, down to 75
 * %) so that puts rarely find the tier full; the bytes on disk are counted as files come
 * and go, so a put needs no walk of the folder.
 */
@Component
@ConditionalOnProperty(name = "pbi-export.role", havingValue = "all", matchIfMissing = true)
class TieredArtifactStore implements ArtifactStore, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(TieredArtifactStore.class);

	private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

	/** How full the disk tier may get before the oldest files are pruned. */
	private static final double HIGH_WATER = 0.9;

	/** How full it is after a prune. */
	private static final double LOW_WATER = 0.75;

	/** A file's properties file and a temporary copy's rounding. */
	private static final long OVERHEAD = 8192;

	private final Cache<String, Entry> memory;

	private final Path directory;

	private final long diskLimit;

	private final long diskReserve;

	private final ToLongFunction<Path> usableSpace;

	private final Executor housekeeping;

	private final ExecutorService ownThread;

	/**
	 * Bytes of the files in the disk tier, kept up to date as files come and go, and
	 * recounted by each prune.
	 */
	private final AtomicLong diskBytes = new AtomicLong();

	/**
	 * Bytes that puts have claimed and are writing: claimed before the size is checked,
	 * so that puts at once can never together go past it.
	 */
	private final AtomicLong writing = new AtomicLong();

	/**
	 * Held while this store adds or deletes a file and counts it: a prune recounts only
	 * when nothing changed while it listed the folder, and never blocks these.
	 */
	private final StampedLock changes = new StampedLock();

	private final AtomicBoolean pruneQueued = new AtomicBoolean();

	/** Room beyond the reserve that refused puts asked for, for the next prune. */
	private final AtomicLong wantedRoom = new AtomicLong();

	private volatile Instant reserveWarned = Instant.MIN;

	@Autowired
	TieredArtifactStore(CacheProperties properties) {
		this(properties, TieredArtifactStore::usableSpace, null);
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
	TieredArtifactStore(CacheProperties properties, ToLongFunction<Path> usableSpace, Executor housekeeping) {
		this.directory = properties.dataDir().resolve("cache").toAbsolutePath().normalize();
		this.diskLimit = properties.cache().diskSize().toBytes();
		this.diskReserve = properties.cache().diskReserve().toBytes();
		this.usableSpace = usableSpace;
		this.ownThread = (housekeeping != null) ? null : Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "artifact-store-prune");
			thread.setDaemon(true);
			return thread;
		});
		this.housekeeping = (housekeeping != null) ? housekeeping : this.ownThread;
		this.memory = Caffeine.newBuilder()
			.maximumWeight(properties.cache().memorySize().toBytes())
			.weigher((String key, Entry entry) -> entry.weight())
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
		if (this.diskLimit > 0) {
			this.diskBytes.set(filesOnDisk().stream().mapToLong(TieredArtifactStore::size).sum());
		}
	}

	private record Entry(Artifact artifact, Instant expires) {

		/** Its bytes and attributes, so that attribute-only entries count too. */
		int weight() {
			int weight = this.artifact.bytes().length + 64;
			for (Map.Entry<String, String> attribute : this.artifact.attributes().entrySet()) {
				weight += 2 * (attribute.getKey().length() + attribute.getValue().length()) + 32;
			}
			return weight;
		}

	}

	@Override
	public Optional<Artifact> get(String owner, String key) {
		// Only checked names were put, so a memory hit needs no check; the disk does.
		Entry entry = this.memory.getIfPresent(owner + "/" + key);
		if (entry == null) {
			check(owner, key);
		}
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
		long size = artifact.bytes().length;
		if (this.diskLimit <= 0 || size > this.diskLimit) {
			return;
		}
		try {
			// Claimed first, then the count read: a put that finished meanwhile is in
			// one.
			long claimed = this.writing.addAndGet(size);
			if (this.diskBytes.get() + claimed > this.diskLimit) {
				// In memory only this time; the next ones find room.
				prune(0);
				return;
			}
			if (this.usableSpace.applyAsLong(this.directory) - (size + OVERHEAD) < this.diskReserve) {
				prune(2 * (size + OVERHEAD));
				return;
			}
			write(owner, key, entry);
		}
		finally {
			this.writing.addAndGet(-size);
		}
		if (this.diskBytes.get() > HIGH_WATER * this.diskLimit) {
			prune(0);
		}
	}

	@Override
	public void remove(String owner, String key) {
		check(owner, key);
		this.memory.invalidate(owner + "/" + key);
		try {
			delete(this.directory.resolve(owner).resolve(key + ".bin"));
		}
		catch (IOException ex) {
			log.debug("Could not delete a cached file of {}", owner, ex);
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
				delete(data);
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
			long stamp = this.changes.writeLock();
			try {
				long replaced = size(data);
				move(temporary, data);
				this.diskBytes.addAndGet(entry.artifact().bytes().length - replaced);
			}
			finally {
				this.changes.unlockWrite(stamp);
			}
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
	 * Asks the background thread to prune, once however often it is asked before it runs.
	 * @param room bytes a refused put needs beyond the reserve, or 0
	 */
	private void prune(long room) {
		this.wantedRoom.accumulateAndGet(room, Math::max);
		if (this.pruneQueued.compareAndSet(false, true)) {
			try {
				this.housekeeping.execute(this::pruneNow);
			}
			catch (RejectedExecutionException ex) {
				// Shutting down.
				this.pruneQueued.set(false);
			}
		}
	}

	/**
	 * Deletes the oldest files until the disk tier is down to its low-water mark and the
	 * volume has the room asked for beyond the reserve. On the background thread only.
	 */
	private void pruneNow() {
		this.pruneQueued.set(false);
		long room = this.wantedRoom.getAndSet(0);
		try {
			long unchanged = this.changes.tryOptimisticRead();
			long counted = this.diskBytes.get();
			List<Path> oldestFirst = filesOnDisk().stream()
				.sorted(Comparator.comparing(TieredArtifactStore::modified))
				.toList();
			long total = oldestFirst.stream().mapToLong(TieredArtifactStore::size).sum();
			if (this.changes.validate(unchanged)) {
				// Nothing of ours changed the folder while it was listed: what differs
				// from
				// the count was changed by others (an operator emptying it).
				this.diskBytes.addAndGet(total - counted);
			}
			long target = (long) (LOW_WATER * this.diskLimit);
			for (Path path : oldestFirst) {
				if (total <= target && hasRoom(room)) {
					break;
				}
				total -= size(path);
				delete(path);
			}
			if (!hasRoom(room)) {
				warnReserve();
			}
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Pruning the disk cache failed", ex);
		}
	}

	private boolean hasRoom(long room) {
		return room == 0 || this.usableSpace.applyAsLong(this.directory) - this.diskReserve >= room;
	}

	private void warnReserve() {
		Instant now = Instant.now();
		if (this.reserveWarned.isBefore(now.minus(Duration.ofMinutes(10)))) {
			this.reserveWarned = now;
			log.warn("The disk cache keeps new files in memory only: its volume has less than the reserve of {} MB "
					+ "free (pbi-export.cache.disk-reserve)", this.diskReserve / (1024 * 1024));
		}
	}

	private List<Path> filesOnDisk() {
		if (!Files.isDirectory(this.directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			return files.filter((path) -> path.toString().endsWith(".bin")).toList();
		}
		catch (IOException | UncheckedIOException ex) {
			log.debug("Could not list the disk cache", ex);
			return List.of();
		}
	}

	/** Deletes a file and its properties, and counts its bytes off. */
	private void delete(Path data) throws IOException {
		long stamp = this.changes.writeLock();
		try {
			long size = size(data);
			if (Files.deleteIfExists(data)) {
				this.diskBytes.addAndGet(-size);
			}
		}
		finally {
			this.changes.unlockWrite(stamp);
		}
		Files.deleteIfExists(Path.of(data.toString().replaceAll("\\.bin$", ".properties")));
	}

	private static long size(Path path) {
		try {
			return Files.size(path);
		}
		catch (IOException ex) {
			return 0;
		}
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

	private void deleteRecursively(Path folder) {
		if (!Files.exists(folder)) {
			return;
		}
		long stamp = this.changes.writeLock();
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				long size = path.toString().endsWith(".bin") ? size(path) : 0;
				if (path.toFile().delete()) {
					this.diskBytes.addAndGet(-size);
				}
			});
		}
		catch (IOException | UncheckedIOException ex) {
			log.debug("Could not delete {}", folder, ex);
		}
		finally {
			this.changes.unlockWrite(stamp);
		}
	}

	@Override
	public void destroy() {
		if (this.ownThread != null) {
			this.ownThread.shutdownNow();
		}
	}

	private static void check(String owner, String key) {
		if (!SAFE_NAME.matcher(owner).matches() || !SAFE_NAME.matcher(key).matches()) {
			throw new IllegalArgumentException("owner and key must be short names of letters, digits, - and _");
		}
	}

}
