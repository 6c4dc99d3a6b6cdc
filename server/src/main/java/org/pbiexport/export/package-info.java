/**
 * The export API ({@code /api/export}, {@code /api/exports}): parses and validates
 * requests against the catalogue, builds the render target, cache key, single flight,
 * jobs and time budget.
 */
@ApplicationModule(allowedDependencies = { "catalog", "powerbi", "render", "queue", "cache", "cluster", "web" })
@NullMarked
package org.pbiexport.export;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
