package org.pbiexport.catalog;

/**
 * A page of a report. {@code name} is Power BI's internal page name (what
 * {@code pageName=} takes), {@code displayName} what people see; width and height are its
 * size in CSS pixels.
 */
public record Page(String name, String displayName, int order, int width, int height) {
}
