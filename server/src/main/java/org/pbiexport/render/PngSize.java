package org.pbiexport.render;

import java.awt.Dimension;
import java.nio.ByteBuffer;

/** The size of a PNG image, read from its header (no decoding). */
final class PngSize {

	private static final byte[] SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	private PngSize() {
	}

	static Dimension of(byte[] png) {
		// The signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
		if (png.length < 24 || !ByteBuffer.wrap(png, 0, 8).equals(ByteBuffer.wrap(SIGNATURE)) || png[12] != 'I'
				|| png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
			throw new IllegalArgumentException("not a PNG image");
		}
		ByteBuffer header = ByteBuffer.wrap(png, 16, 8);
		return new Dimension(header.getInt(), header.getInt());
	}

}
