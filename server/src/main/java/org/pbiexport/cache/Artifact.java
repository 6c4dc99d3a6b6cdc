package org.pbiexport.cache;

import java.util.Map;

/**
 * A stored file: its bytes and a few text attributes (type, file name, …) to answer it
 * with.
 */
public record Artifact(byte[] bytes, Map<String, String> attributes) {

	public Artifact {
		attributes = Map.copyOf(attributes);
	}

}
