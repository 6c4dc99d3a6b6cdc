package org.pbiexport.testsupport;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

/** Comparing captured pictures. */
public final class Pictures {

	private Pictures() {
	}

	/** How many pixels differ where the two pictures overlap. */
	public static long differingPixels(BufferedImage a, BufferedImage b) {
		long differing = 0;
		for (int y = 0; y < Math.min(a.getHeight(), b.getHeight()); y++) {
			for (int x = 0; x < Math.min(a.getWidth(), b.getWidth()); x++) {
				if (a.getRGB(x, y) != b.getRGB(x, y)) {
					differing++;
				}
			}
		}
		return differing;
	}

	/** The pictures of a zip, by entry name, in the zip's order. */
	public static Map<String, BufferedImage> unzip(byte[] bytes) throws IOException {
		Map<String, BufferedImage> pictures = new LinkedHashMap<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				pictures.put(entry.getName(), ImageIO.read(new ByteArrayInputStream(zip.readAllBytes())));
			}
		}
		return pictures;
	}

}
