package org.pbiexport.export;

/**
 * A rendered export: its bytes, type, the file name people get, the cache key (also its
 * ETag), and which readiness rule decided its capture.
 */
public record ExportFile(byte[] bytes, ExportFormat format, String fileName, CacheKey key, String readiness) {

}
