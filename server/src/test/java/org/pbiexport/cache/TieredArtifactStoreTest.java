package org.pbiexport.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The memory+disk store on a real folder: reuse, restarts, expiry, eviction, its size
 * bound and reserve, kept by pruning that no put waits for.
 */
class TieredArtifactStoreTest {

	@TempDir
	Path dataDir;

	@Test
	void keepsFilesInMemoryAndOnDiskAcrossRestarts() {
		TieredArtifactStore store = store(DataSize.ofMegabytes(10));
		store.put("7", "abc", new Artifact(new byte[] { 1, 2, 3 }, Map.of("format", "png")), Duration.ofMinutes(5));

		assertThat(store.get("7", "abc")).hasValueSatisfying((a) -> assertThat(a.bytes()).containsExactly(1, 2, 3));
		TieredArtifactStore restarted = store(DataSize.ofMegabytes(10));
		assertThat(restarted.get("7", "abc"))
			.hasValueSatisfying((a) -> assertThat(a.attributes()).containsEntry("format", "png"));
		assertThat(this.dataDir.resolve("cache/7/abc.bin")).exists();
		assertThat(restarted.get("7", "other")).isEmpty();
	}

	@Test
	void remainingIsTheTimeToLiveLeftInMemoryAndOnDisk() {
		store(DataSize.ofMegabytes(10)).put("7", "abc", new Artifact(new byte[] { 1 }, Map.of()),
				Duration.ofMinutes(5));
		TieredArtifactStore restarted = store(DataSize.ofMegabytes(10));
		assertThat(restarted.remaining("7", "abc"))
			.hasValueSatisfying((left) -> assertThat(left).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5)));
		assertThat(restarted.remaining("7", "abc")).as("from memory now").isPresent();
		assertThat(restarted.remaining("7", "other")).isEmpty();
		restarted.put("7", "old", new Artifact(new byte[] { 1 }, Map.of()), Duration.ZERO);
		assertThat(restarted.remaining("7", "old")).isEmpty();
	}

	@Test
	void forgetsExpiredFiles() {
		TieredArtifactStore store = store(DataSize.ofMegabytes(10));
		store.put("7", "old", new Artifact(new byte[] { 1 }, Map.of()), Duration.ZERO);

		assertThat(store.get("7", "old")).isEmpty();
		assertThat(store(DataSize.ofMegabytes(10)).get("7", "old")).isEmpty();
	}

	@Test
	void evictsAllFilesOfAnOwner() {
		TieredArtifactStore store = store(DataSize.ofMegabytes(10));
		store.put("7", "a", new Artifact(new byte[] { 1 }, Map.of()), Duration.ofMinutes(5));
		store.put("8", "b", new Artifact(new byte[] { 2 }, Map.of()), Duration.ofMinutes(5));

		store.evict("7");

		assertThat(store.get("7", "a")).isEmpty();
		assertThat(this.dataDir.resolve("cache/7")).doesNotExist();
		assertThat(store.get("8", "b")).isPresent();
	}

	@Test
	void staysWithinItsDiskSize() throws Exception {
		TieredArtifactStore store = store(DataSize.ofBytes(2500));
		for (int i = 0; i < 5; i++) {
			store.put("7", "file" + i, new Artifact(new byte[1000], Map.of()), Duration.ofMinutes(5));
			Thread.onSpinWait();
		}

		assertThat(onDisk()).isLessThanOrEqualTo(2500);
	}

	@Test
	void refusesNamesThatCouldLeaveItsFolder() {
		TieredArtifactStore store = store(DataSize.ofMegabytes(1));

		assertThatThrownBy(() -> store.get("../etc", "passwd")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> store.put("7", "a/b", new Artifact(new byte[0], Map.of()), Duration.ofMinutes(1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void leavesTheReserveFreeOnItsVolume() throws Exception {
		// A 10 MB volume holding the data dir, 4 MB of it reserved: the cache may use 6.
		long volume = 10_000_000;
		// Pruning runs at once here (it is on a background thread in the app), so each
		// put finds the room the previous prune made.
		TieredArtifactStore store = new TieredArtifactStore(
				new CacheProperties(this.dataDir, new CacheProperties.Tiers(DataSize.ofMegabytes(64),
						DataSize.ofMegabytes(100), DataSize.ofBytes(4_000_000))),
				(folder) -> volume - used(), Runnable::run);
		for (int i = 0; i < 10; i++) {
			store.put("7", "file" + i, new Artifact(new byte[1_000_000], Map.of()), Duration.ofMinutes(5));
			assertThat(volume - used()).isGreaterThanOrEqualTo(4_000_000);
		}

		assertThat(this.dataDir.resolve("cache/7/file9.bin")).exists();
		assertThat(this.dataDir.resolve("cache/7/file0.bin")).doesNotExist();
		assertThat(store.get("7", "file0")).isPresent();

		// Something else filled the volume: new files stay in memory only.
		Files.write(this.dataDir.resolve("other.bin"), new byte[5_500_000]);
		store.put("7", "late", new Artifact(new byte[1_000_000], Map.of()), Duration.ofMinutes(5));
		assertThat(this.dataDir.resolve("cache/7/late.bin")).doesNotExist();
		assertThat(store.get("7", "late")).isPresent();
		assertThat(volume - used()).isGreaterThanOrEqualTo(4_000_000);
	}

	@Test
	void aPutNeverWaitsForPruningWhichRunsOnceInTheBackground() {
		List<Runnable> background = new ArrayList<>();
		TieredArtifactStore store = new TieredArtifactStore(new CacheProperties(this.dataDir,
				new CacheProperties.Tiers(DataSize.ofMegabytes(16), DataSize.ofBytes(2500), DataSize.ofBytes(0))),
				(folder) -> Long.MAX_VALUE, background::add);
		for (int i = 0; i < 5; i++) {
			store.put("7", "file" + i, new Artifact(new byte[1000], Map.of()), Duration.ofMinutes(5));
		}

		// The puts deleted nothing: the files that did not fit are in memory only, and
		// one
		// prune waits for the background thread however often it was asked for.
		assertThat(this.dataDir.resolve("cache/7/file0.bin")).exists();
		assertThat(this.dataDir.resolve("cache/7/file1.bin")).exists();
		assertThat(this.dataDir.resolve("cache/7/file2.bin")).doesNotExist();
		assertThat(store.get("7", "file4")).isPresent();
		assertThat(background).hasSize(1);

		background.remove(0).run();

		assertThat(this.dataDir.resolve("cache/7/file0.bin")).doesNotExist();
		assertThat(this.dataDir.resolve("cache/7/file1.bin")).exists();
		store.put("7", "file5", new Artifact(new byte[1000], Map.of()), Duration.ofMinutes(5));
		assertThat(this.dataDir.resolve("cache/7/file5.bin")).exists();
		assertThat(background).isEmpty();
	}

	@Test
	void prunesTheOldestFilesOnItsOwnThread() {
		TieredArtifactStore store = store(DataSize.ofBytes(10_000));
		for (int i = 0; i < 30; i++) {
			store.put("7", "file" + i, new Artifact(new byte[1000], Map.of()), Duration.ofMinutes(5));
			assertThat(onDisk()).isLessThanOrEqualTo(10_000);
		}

		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> !Files.exists(this.dataDir.resolve("cache/7/file0.bin")));
		assertThat(store.get("7", "file29")).isPresent();
		store.destroy();
	}

	@Test
	void putsAtOnceStayTogetherWithinTheSize() throws Exception {
		TieredArtifactStore store = store(DataSize.ofBytes(10_000));
		AtomicLong most = new AtomicLong();
		AtomicBoolean putting = new AtomicBoolean(true);
		Thread watcher = new Thread(() -> {
			while (putting.get()) {
				most.accumulateAndGet(onDisk(), Math::max);
			}
		});
		watcher.start();
		ExecutorService threads = Executors.newFixedThreadPool(4);
		for (int t = 0; t < 4; t++) {
			int thread = t;
			threads.submit(() -> {
				for (int i = 0; i < 50; i++) {
					store.put("7", "t" + thread + "-" + i, new Artifact(new byte[1000], Map.of()),
							Duration.ofMinutes(5));
				}
			});
		}
		threads.shutdown();
		assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		putting.set(false);
		watcher.join();

		assertThat(most.get()).isLessThanOrEqualTo(10_000);
		assertThat(onDisk()).isLessThanOrEqualTo(10_000);
		store.destroy();
	}

	@Test
	void countsAgainWhenFilesWentByOtherMeans() throws Exception {
		TieredArtifactStore store = new TieredArtifactStore(new CacheProperties(this.dataDir,
				new CacheProperties.Tiers(DataSize.ofMegabytes(16), DataSize.ofBytes(2500), DataSize.ofBytes(0))),
				(folder) -> Long.MAX_VALUE, Runnable::run);
		store.put("7", "a", new Artifact(new byte[1000], Map.of()), Duration.ofMinutes(5));
		store.put("7", "b", new Artifact(new byte[1000], Map.of()), Duration.ofMinutes(5));
		// An operator empties the folder while the app runs.
		try (var files = Files.list(this.dataDir.resolve("cache/7"))) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}

		// Does not fit by the old count: kept in memory, and the prune counts again.
		store.put("7", "c", new Artifact(new byte[1000], Map.of()), Duration.ofMinutes(5));
		store.put("7", "d", new Artifact(new byte[1000], Map.of()), Duration.ofMinutes(5));

		assertThat(this.dataDir.resolve("cache/7/d.bin")).exists();
	}

	@Test
	void removesOneFile() {
		TieredArtifactStore store = store(DataSize.ofMegabytes(10));
		store.put("jobs", "a", new Artifact(new byte[] { 1 }, Map.of()), Duration.ofMinutes(5));
		store.put("jobs", "b", new Artifact(new byte[] { 2 }, Map.of()), Duration.ofMinutes(5));

		store.remove("jobs", "a");

		assertThat(store.get("jobs", "a")).isEmpty();
		assertThat(store(DataSize.ofMegabytes(10)).get("jobs", "a")).isEmpty();
		assertThat(store.get("jobs", "b")).isPresent();
	}

	/** Bytes of cached files on disk, while the background thread may delete some. */
	private long onDisk() {
		while (true) {
			try (var files = Files.walk(this.dataDir.resolve("cache"))) {
				return files.filter((p) -> p.toString().endsWith(".bin")).mapToLong((p) -> p.toFile().length()).sum();
			}
			catch (java.io.IOException | java.io.UncheckedIOException ex) {
				// A file went while listing: count again.
			}
		}
	}

	/** Bytes in files under the data dir, as a small volume holding only it would see. */
	private long used() {
		try (var files = Files.walk(this.dataDir)) {
			return files.filter(Files::isRegularFile).mapToLong((p) -> p.toFile().length()).sum();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private TieredArtifactStore store(DataSize disk) {
		return new TieredArtifactStore(new CacheProperties(this.dataDir,
				new CacheProperties.Tiers(DataSize.ofMegabytes(16), disk, DataSize.ofBytes(0))));
	}

}
