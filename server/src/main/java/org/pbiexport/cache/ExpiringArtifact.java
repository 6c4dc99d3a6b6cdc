package org.pbiexport.cache;

import java.time.Instant;
import java.util.Map;

/** An artifact in {@link TieredArtifactStore} with the moment it expires. */
record ExpiringArtifact(Artifact artifact, Instant expires) {

	/** Its bytes and attributes, so that attribute-only entries count too. */
	int weight() {
		int weight = this.artifact.bytes().length + 64;
		for (Map.Entry<String, String> attribute : this.artifact.attributes().entrySet()) {
			weight += 2 * (attribute.getKey().length() + attribute.getValue().length()) + 32;
		}
		return weight;
	}

}
