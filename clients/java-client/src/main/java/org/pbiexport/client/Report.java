package org.pbiexport.client;

import java.util.List;

/**
 * A report the caller may export ({@code GET /api/reports}).
 *
 * @param id the report id
 * @param title what people call it
 * @param description a line about it, possibly empty
 * @param pageCount how many pages it has
 * @param formats the file formats it can be exported as
 */
public record Report(long id, String title, String description, int pageCount, List<String> formats) {

}
