package org.pbiexport.export;

import java.util.HashMap;
import java.util.Map;

import org.pbiexport.cache.Artifact;

/**
 * A rendered export: its bytes, type, the file name people get, the cache key (also its
 * ETag), which readiness rule decided its capture, and the worker that rendered it
 * ({@code X-Rendered-By}; null when not known).
 */
record ExportFile(byte[] bytes, ExportFormat format, String fileName, CacheKey key, String readiness,
		String renderedBy) {

	/** Attributes a stored file keeps besides its bytes. */
	static final String FORMAT = "format", FILE_NAME = "file-name", READINESS = "readiness", WORKER = "worker";

	/** The file as the artifact store keeps it. */
	Artifact artifact() {
		Map<String, String> attributes = new HashMap<>();
		attributes.put(FORMAT, this.format.wireName());
		attributes.put(FILE_NAME, this.fileName);
		attributes.put(READINESS, this.readiness);
		if (this.renderedBy != null) {
			attributes.put(WORKER, this.renderedBy);
		}
		return new Artifact(this.bytes, attributes);
	}

	/** A file the artifact store kept; {@code format} when it does not say its own. */
	static ExportFile of(Artifact artifact, CacheKey key, ExportFormat format) {
		Map<String, String> attributes = artifact.attributes();
		return new ExportFile(artifact.bytes(), ExportFormat.fromWireName(attributes.get(FORMAT)).orElse(format),
				attributes.get(FILE_NAME), key, attributes.get(READINESS), attributes.get(WORKER));
	}

}
