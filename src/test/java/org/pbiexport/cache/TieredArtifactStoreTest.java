package org.pbiexport.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The memory+disk store on a real folder: reuse, restarts, expiry, eviction and its size
 * bound.
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

		long onDisk;
		try (var files = Files.walk(this.dataDir.resolve("cache"))) {
			onDisk = files.filter((p) -> p.toString().endsWith(".bin")).mapToLong((p) -> p.toFile().length()).sum();
		}
		assertThat(onDisk).isLessThanOrEqualTo(2500);
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
		TieredArtifactStore store = new TieredArtifactStore(
				new CacheProperties(this.dataDir, new CacheProperties.Tiers(DataSize.ofMegabytes(64),
						DataSize.ofMegabytes(100), DataSize.ofBytes(4_000_000))),
				(folder) -> volume - used());
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
