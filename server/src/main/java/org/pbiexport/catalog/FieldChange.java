package org.pbiexport.catalog;

/**
 * One field's change in a report's history, with the old and new value as people read
 * them (empty when the thing did not exist before or does not exist after).
 */
public record FieldChange(String field, String oldValue, String newValue) {
}
