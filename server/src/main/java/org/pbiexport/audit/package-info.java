/**
 * Who exported what: the export log of every export the public API answered (who or which
 * API key, report, pages, filters as applied, format, cache hit, outcome, duration),
 * written as the export module tells of them, kept for
 * {@code pbi-export.audit.export-log-keep}, shown to admins at {@code /admin/exports} and
 * downloadable as CSV.
 */
@ApplicationModule(allowedDependencies = { "export", "catalog", "web" })
@NullMarked
package org.pbiexport.audit;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
