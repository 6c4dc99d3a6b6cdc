package org.pbiexport.client;

/**
 * A page of a report ({@code GET /api/pages/{id}}).
 *
 * @param name Power BI's internal page name, the one an export names
 * @param displayName what people see
 * @param order position from 1
 * @param width capture width in CSS pixels
 * @param height capture height in CSS pixels
 */
public record Page(String name, String displayName, int order, int width, int height) {

}
