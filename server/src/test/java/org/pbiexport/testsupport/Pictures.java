package org.pbiexport.testsupport;

import java.awt.image.BufferedImage;

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

}
