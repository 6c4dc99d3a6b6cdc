package org.pbiexport.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Job files written to disk as they are made rather than held in memory: the zip or PDF
 * of a job with one file per value, in {@code <data-dir>/export-jobs/<job id>.<ext>}.
 * They count towards the bounds of job files like the others ({@link ExportJobs}); files
 * left from before a restart are dropped once they are older than jobs are kept.
 */
@Component
class JobFiles {

	private static final Logger log = LoggerFactory.getLogger(JobFiles.class);

	private final Path folder;

	private final Duration keep;

	JobFiles(@Value("${pbi-export.data-dir:./data}") Path dataDir, ExportProperties properties) {
		this.folder = dataDir.resolve("export-jobs");
		this.keep = properties.jobs().keep();
		dropOld();
	}

	/**
	 * Drops files older than jobs are kept: left from before a restart, or by jobs whose
	 * files were not dropped for the bounds meanwhile.
	 */
	private void dropOld() {
		Instant oldest = Instant.now().minus(this.keep);
		try (Stream<Path> files = Files.isDirectory(this.folder) ? Files.list(this.folder) : Stream.empty()) {
			files.filter((file) -> modified(file).isBefore(oldest)).forEach(JobFiles::deleteQuietly);
		}
		catch (IOException ex) {
			log.warn("Could not look for old export job files in {}: {}", this.folder, ex.toString());
		}
	}

	/**
	 * Where a job's file of this format is written; its folder exists, without files
	 * older than jobs are kept.
	 */
	Path path(String jobId, ExportFormat format) {
		dropOld();
		try {
			Files.createDirectories(this.folder);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this.folder.resolve(jobId + "." + format.wireName());
	}

	/** The job's file on disk, if it has one. */
	Optional<Path> find(String jobId) {
		return Stream.of(ExportFormat.ZIP, ExportFormat.PDF)
			.map((format) -> this.folder.resolve(jobId + "." + format.wireName()))
			.filter(Files::isRegularFile)
			.findFirst();
	}

	/** Drops the job's file, if it has one on disk. */
	void delete(String jobId) {
		find(jobId).ifPresent(JobFiles::deleteQuietly);
	}

	private static Instant modified(Path file) {
		try {
			return Files.getLastModifiedTime(file).toInstant();
		}
		catch (IOException ex) {
			return Instant.MIN;
		}
	}

	static void deleteQuietly(Path file) {
		try {
			if (Files.isDirectory(file)) {
				try (Stream<Path> inside = Files.list(file)) {
					inside.forEach(JobFiles::deleteQuietly);
				}
			}
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.warn("Could not delete the export job file {}: {}", file, ex.toString());
		}
	}

}
