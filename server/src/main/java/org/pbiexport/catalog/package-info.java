/**
 * Reports, their pages and filters with typed allowed values: the metadata schema and the
 * read API ({@code /api/reports}, {@code /api/pages/{id}}, {@code /api/filters/{id}}).
 */
@ApplicationModule(allowedDependencies = { "web" })
@NullMarked
package org.pbiexport.catalog;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
