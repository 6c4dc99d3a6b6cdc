package org.pbiexport.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.pbiexport.render.PdfSections;

/**
 * The file of a job with one file per value, written to disk as the values finish, never
 * held whole in memory: a zip with one entry per value named by the value
 * ({@code North.png}, {@code Côte d'Azur.png}: safe, unique names), or, combined, one PDF
 * with an outline entry per value and its pages under it, joined from the values' PDFs
 * kept on disk until the last one is there. Not thread-safe: its user adds one value at a
 * time.
 */
final class BurstArchive {

	private final Path file;

	private final boolean combine;

	/** The combined PDF's title. */
	private final String title;

	private final ZipOutputStream zip;

	private final Set<String> names = new HashSet<>();

	/** Combined: each value's PDF on disk, by the value's position. */
	private final TreeMap<Integer, Part> parts = new TreeMap<>();

	private long size;

	private record Part(String value, Path pdf, List<String> pageNames) {
	}

	private BurstArchive(Path file, boolean combine, String title) throws IOException {
		this.file = file;
		this.title = title;
		this.combine = combine;
		if (combine) {
			Files.createDirectories(partsFolder());
			this.zip = null;
		}
		else {
			OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
			this.zip = new ZipOutputStream(out);
		}
	}

	/**
	 * An archive written to {@code file}: a zip, or with {@code combine} one PDF titled
	 * {@code title}.
	 */
	static BurstArchive open(Path file, boolean combine, String title) throws IOException {
		return new BurstArchive(file, combine, title);
	}

	/**
	 * Adds one value's file.
	 * @param position the value's place among the job's values (the combined PDF's order)
	 * @param pageNames the display names of its pages, for the outline
	 */
	void add(int position, String value, ExportFile file, List<String> pageNames) throws IOException {
		this.size += file.bytes().length;
		if (this.combine) {
			Path pdf = partsFolder().resolve(position + ".pdf");
			Files.write(pdf, file.bytes());
			this.parts.put(position, new Part(value, pdf, pageNames));
			return;
		}
		this.zip.putNextEntry(new ZipEntry(uniqueName(value) + "." + file.format().wireName()));
		this.zip.write(file.bytes());
		this.zip.closeEntry();
	}

	/** Bytes of the values' files added so far. */
	long size() {
		return this.size;
	}

	/** Writes the end of the file and answers where it is. */
	Path finish() throws IOException {
		if (!this.combine) {
			this.zip.close();
			return this.file;
		}
		try {
			PdfSections.combine(this.parts.values()
				.stream()
				.map((part) -> new PdfSections.Section(part.value(), part.pdf(), part.pageNames()))
				.toList(), this.file, this.title);
		}
		finally {
			JobFiles.deleteQuietly(partsFolder());
		}
		return this.file;
	}

	/** Drops what was written. */
	void discard() {
		if (this.zip != null) {
			try {
				this.zip.close();
			}
			catch (IOException ex) {
				// dropped below
			}
		}
		JobFiles.deleteQuietly(partsFolder());
		JobFiles.deleteQuietly(this.file);
	}

	private Path partsFolder() {
		return this.file.resolveSibling(this.file.getFileName() + ".parts");
	}

	/**
	 * The value as a file name every system takes: without path separators, control and
	 * reserved characters, not starting with a dot, at most 100 characters, and unique in
	 * the archive (ignoring case): {@code North}, {@code North-2}.
	 */
	String uniqueName(String value) {
		String name = Normalizer.normalize(value, Normalizer.Form.NFC)
			.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]+", "_")
			.strip()
			.replaceAll("^[.\\s]+", "");
		if (name.codePointCount(0, name.length()) > 100) {
			name = name.substring(0, name.offsetByCodePoints(0, 100)).strip();
		}
		if (name.isEmpty()) {
			name = "value";
		}
		String unique = name;
		for (int n = 2; !this.names.add(unique.toLowerCase(Locale.ROOT)); n++) {
			unique = name + "-" + n;
		}
		return unique;
	}

}
