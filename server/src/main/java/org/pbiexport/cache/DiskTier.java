package org.pbiexport.cache;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk tier of {@link TieredArtifactStore}: a {@link CacheFolder} bounded in size
 * that leaves a reserve free on its volume (the database lives there too); a restart
 * keeps what is on disk.
 * <p>
 * A put never waits for housekeeping: it writes one file when there is room, else leaves
 * the artifact to the memory tier. Deleting the oldest files, to stay within the size and
 * the reserve, runs on one background thread, started early (at 90 % of the size, down to
 * 75 %) so that puts rarely find the tier full.
 */
final class DiskTier {

	private static final Logger log = LoggerFactory.getLogger(DiskTier.class);

	/** How full the disk tier may get before the oldest files are pruned. */
	private static final double HIGH_WATER = 0.9;

	/** How full it is after a prune. */
	private static final double LOW_WATER = 0.75;

	/** A file's properties file and a temporary copy's rounding. */
	private static final long OVERHEAD = 8192;

	private final CacheFolder folder;

	private final long limit;

	private final long reserve;

	private final ToLongFunction<Path> usableSpace;

	private final Executor housekeeping;

	private final @Nullable ExecutorService ownThread;

	/**
	 * Bytes that puts have claimed and are writing: claimed before the size is checked,
	 * so that puts at once can never together go past it.
	 */
	private final AtomicLong writing = new AtomicLong();

	private final AtomicBoolean pruneQueued = new AtomicBoolean();

	/** Room beyond the reserve that refused puts asked for, for the next prune. */
	private final AtomicLong wantedRoom = new AtomicLong();

	private volatile Instant reserveWarned = Instant.MIN;

	/**
	 * @param limit the most bytes of files; 0 for no disk tier
	 * @param reserve the bytes to leave free on the volume
	 * @param usableSpace how many bytes may still be written on the volume of a folder
	 * @param housekeeping where pruning runs; null for the tier's own background thread
	 */
	DiskTier(Path directory, long limit, long reserve, ToLongFunction<Path> usableSpace,
			@Nullable Executor housekeeping) {
		this.folder = new CacheFolder(directory);
		this.limit = limit;
		this.reserve = reserve;
		this.usableSpace = usableSpace;
		this.ownThread = (housekeeping != null) ? null : Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "artifact-store-prune");
			thread.setDaemon(true);
			return thread;
		});
		this.housekeeping = (housekeeping != null) ? housekeeping : this.ownThread;
		if (this.limit > 0) {
			this.folder.count();
		}
	}

	/** Whether there is a disk tier at all. */
	boolean enabled() {
		return this.limit > 0;
	}

	ExpiringArtifact read(String owner, String key) {
		return this.folder.read(owner, key);
	}

	/**
	 * Writes one file when there is room; else asks for a prune and leaves the artifact
	 * to the memory tier.
	 */
	void put(String owner, String key, ExpiringArtifact entry) {
		long size = entry.artifact().bytes().length;
		if (this.limit <= 0 || size > this.limit) {
			return;
		}
		try {
			// Claimed first, then the count read: a put that finished meanwhile is in
			// one.
			long claimed = this.writing.addAndGet(size);
			if (this.folder.bytes() + claimed > this.limit) {
				// In memory only this time; the next ones find room.
				prune(0);
				return;
			}
			if (this.usableSpace.applyAsLong(this.folder.directory()) - (size + OVERHEAD) < this.reserve) {
				prune(2 * (size + OVERHEAD));
				return;
			}
			this.folder.write(owner, key, entry);
		}
		finally {
			this.writing.addAndGet(-size);
		}
		if (this.folder.bytes() > HIGH_WATER * this.limit) {
			prune(0);
		}
	}

	void remove(String owner, String key) {
		this.folder.remove(owner, key);
	}

	void evict(String owner) {
		this.folder.evict(owner);
	}

	void close() {
		if (this.ownThread != null) {
			this.ownThread.shutdownNow();
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
			CacheFolder.Listing listing = this.folder.oldestFirst();
			long total = listing.bytes();
			long target = (long) (LOW_WATER * this.limit);
			for (Path path : listing.oldestFirst()) {
				if (total <= target && hasRoom(room)) {
					break;
				}
				total -= CacheFolder.size(path);
				this.folder.delete(path);
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
		return room == 0 || this.usableSpace.applyAsLong(this.folder.directory()) - this.reserve >= room;
	}

	private void warnReserve() {
		Instant now = Instant.now();
		if (this.reserveWarned.isBefore(now.minus(Duration.ofMinutes(10)))) {
			this.reserveWarned = now;
			log.warn("The disk cache keeps new files in memory only: its volume has less than the reserve of {} MB "
					+ "free (pbi-export.cache.disk-reserve)", this.reserve / (1024 * 1024));
		}
	}

}
