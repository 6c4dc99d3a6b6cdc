package org.pbiexport.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on what one request may make the server hold ({@code pbi-export.http.*}).
 *
 * @param maxExportBody the largest JSON body of {@code POST /api/export}, {@code /export}
 * and {@code /api/exports}; a valid one is a few hundred bytes
 * @param maxAdminBody the largest JSON body of the admin API (a report document with its
 * filters' allowed values); uploads have their own limit
 * ({@code spring.servlet.multipart.*})
 * @param maxErrors how many field errors a 400 answer lists; {@code error_count} gives
 * the total
 */
@ConfigurationProperties("pbi-export.http")
public record HttpLimits(@DefaultValue("64KB") DataSize maxExportBody, @DefaultValue("8MB") DataSize maxAdminBody,
		@DefaultValue("20") int maxErrors) {

}
