package org.pbiexport.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.StampedLock;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of the {@link DiskTier}: {@code <owner>/<key>.bin} with the expiry and
 * attributes beside it in a {@code .properties} file, and the count of their bytes, kept
 * up to date as files come and go so that a put needs no walk of the folder. Files are
 * written to a temporary name and moved into place, so a reader never sees half a file.
 */
final class CacheFolder {

	private static final Logger log = LoggerFactory.getLogger(CacheFolder.class);

	private final Path directory;

	/**
	 * Bytes of the files in the folder, kept up to date as files come and go, and
	 * recounted by each listing for a prune.
	 */
	private final AtomicLong bytes = new AtomicLong();

	/**
	 * Held while this folder adds or deletes a file and counts it: a listing recounts
	 * only when nothing changed while it listed the folder, and never blocks these.
	 */
	private final StampedLock changes = new StampedLock();

	CacheFolder(Path directory) {
		this.directory = directory;
	}

	Path directory() {
		return this.directory;
	}

	/** Bytes of the files, as counted. */
	long bytes() {
		return this.bytes.get();
	}

	/** Counts the bytes of the files there are, as found at start. */
	void count() {
		this.bytes.set(files().stream().mapToLong(CacheFolder::size).sum());
	}

	@Nullable ExpiringArtifact read(String owner, String key) {
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
			Map<String, String> attributes = new HashMap<>();
			properties.stringPropertyNames()
				.stream()
				.filter((name) -> name.startsWith("attribute."))
				.forEach((name) -> attributes.put(name.substring("attribute.".length()), properties.getProperty(name)));
			return new ExpiringArtifact(new Artifact(Files.readAllBytes(data), attributes), expires);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	void write(String owner, String key, ExpiringArtifact entry) {
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
				this.bytes.addAndGet(entry.artifact().bytes().length - replaced);
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

	/** The files oldest first, with their bytes. */
	record Listing(List<Path> oldestFirst, long bytes) {
	}

	/**
	 * Lists the files oldest first, and recounts the bytes when nothing of ours changed
	 * the folder meanwhile.
	 */
	Listing oldestFirst() {
		long unchanged = this.changes.tryOptimisticRead();
		long counted = this.bytes.get();
		List<Path> listed = listing();
		if (listed == null) {
			// Not a count of the folder: an empty one would zero the count.
			return new Listing(List.of(), counted);
		}
		List<Path> oldestFirst = listed.stream().sorted(Comparator.comparing(CacheFolder::modified)).toList();
		long total = oldestFirst.stream().mapToLong(CacheFolder::size).sum();
		if (this.changes.validate(unchanged)) {
			// Nothing of ours changed the folder while it was listed: what differs from
			// the count was changed by others (an operator emptying it).
			this.bytes.addAndGet(total - counted);
		}
		return new Listing(oldestFirst, total);
	}

	void remove(String owner, String key) {
		try {
			delete(this.directory.resolve(owner).resolve(key + ".bin"));
		}
		catch (IOException ex) {
			log.debug("Could not delete a cached file of {}", owner, ex);
		}
	}

	void evict(String owner) {
		deleteRecursively(this.directory.resolve(owner));
	}

	private List<Path> files() {
		List<Path> files = listing();
		return (files != null) ? files : List.of();
	}

	/**
	 * The data files, or null when the folder could not be listed: a file that goes while
	 * it is walked (a put's temporary file, moved into place) fails the walk, so it is
	 * walked again a few times.
	 */
	private @Nullable List<Path> listing() {
		if (!Files.isDirectory(this.directory)) {
			return List.of();
		}
		for (int attempt = 0; attempt < 3; attempt++) {
			try (Stream<Path> files = Files.walk(this.directory)) {
				return files.filter((path) -> path.toString().endsWith(".bin")).toList();
			}
			catch (IOException | UncheckedIOException ex) {
				log.debug("Could not list the disk cache", ex);
			}
		}
		return null;
	}

	/** Deletes a file and its properties, and counts its bytes off. */
	void delete(Path data) throws IOException {
		long stamp = this.changes.writeLock();
		try {
			long size = size(data);
			if (Files.deleteIfExists(data)) {
				this.bytes.addAndGet(-size);
			}
		}
		finally {
			this.changes.unlockWrite(stamp);
		}
		Files.deleteIfExists(Path.of(data.toString().replaceAll("\\.bin$", ".properties")));
	}

	static long size(Path path) {
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

	private static FileTime modified(Path path) {
		try {
			return Files.getLastModifiedTime(path);
		}
		catch (IOException ex) {
			return FileTime.fromMillis(0);
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
					this.bytes.addAndGet(-size);
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

}
