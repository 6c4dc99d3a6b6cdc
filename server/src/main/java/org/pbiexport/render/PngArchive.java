package org.pbiexport.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A zip of captured pages: one PNG per page, named {@code <order>-<page name>.png} so
 * that file managers list them in the report's order.
 */
public final class PngArchive {

	private PngArchive() {
	}

	/**
	 * @param pngs one PNG per report page, in order
	 * @param names each page's display name
	 * @return the {@code .zip} file
	 */
	public static byte[] assemble(List<byte[]> pngs, List<String> names) {
		if (pngs.size() != names.size()) {
			throw new IllegalArgumentException("one name per page");
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(out)) {
			// PNGs are compressed already: stored would do, but deflate keeps it simple.
			zip.setLevel(1);
			String width = Integer.toString(pngs.size());
			for (int i = 0; i < pngs.size(); i++) {
				String order = String.format("%0" + width.length() + "d", i + 1);
				zip.putNextEntry(new ZipEntry(order + "-" + safe(names.get(i)) + ".png"));
				zip.write(pngs.get(i));
				zip.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not assemble the zip", ex);
		}
		return out.toByteArray();
	}

	/** A page name as a file name on every system: ASCII letters, digits, dashes. */
	static String safe(String name) {
		String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD)
			.replaceAll("\\p{M}", "")
			.replaceAll("[^A-Za-z0-9]+", "-")
			.replaceAll("(^-+|-+$)", "");
		return ascii.isEmpty() ? "page" : ascii;
	}

}
