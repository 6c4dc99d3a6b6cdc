/**
 * Pre-warming: after a report is edited, the exports people ask for most (counted from
 * the export log) are rendered again in the background, so that the next request for them
 * is a cache hit. Off unless {@code pbi-export.prewarm.top} is set.
 */
@ApplicationModule(allowedDependencies = { "export", "audit", "catalog" })
@NullMarked
package org.pbiexport.prewarm;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
