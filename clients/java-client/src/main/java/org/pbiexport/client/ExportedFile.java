package org.pbiexport.client;

/**
 * An exported file.
 *
 * @param bytes the file
 * @param contentType {@code image/png} or {@code application/pdf}
 * @param fileName the name the server suggests
 * @param fromCache whether the server answered from its cache ({@code X-Cache: HIT})
 */
public record ExportedFile(byte[] bytes, String contentType, String fileName, boolean fromCache) {

}
