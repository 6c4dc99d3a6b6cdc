package org.pbiexport.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;

import javax.imageio.ImageIO;

import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import org.jspecify.annotations.Nullable;

/**
 * What every render checks of its page, whichever way it was loaded: no frame on a
 * sign-in page, and a capture that shows something.
 */
final class PageChecks {

	private PageChecks() {
	}

	/**
	 * Refuses a page any of whose frames went to a sign-in host: Power BI's report iframe
	 * redirects there when it cannot use the token or session it was given.
	 */
	static void signInGuard(Page page, RenderProperties properties) {
		for (Frame frame : page.frames()) {
			String host = host(frame.url());
			if (host != null && properties.signInHosts().stream().anyMatch(host::equalsIgnoreCase)) {
				throw new RenderFailed("Power BI asked for a sign-in (" + host
						+ ") instead of showing the report. An unattended export cannot sign in as a person: "
						+ "use render mode `embedded` with a service principal credential.");
			}
		}
	}

	private static @Nullable String host(String url) {
		try {
			return URI.create(url).getHost();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static boolean singleColour(byte[] png) {
		try {
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
			int first = image.getRGB(0, 0);
			for (int y = 0; y < image.getHeight(); y += 2) {
				for (int x = 0; x < image.getWidth(); x += 2) {
					if (image.getRGB(x, y) != first) {
						return false;
					}
				}
			}
			return true;
		}
		catch (IOException ex) {
			throw new RenderFailed("The capture could not be read as an image.");
		}
	}

}
