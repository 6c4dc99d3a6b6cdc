/**
 * The built-in demo report: a local page that behaves like a Power BI report (pageName,
 * URL filters, asynchronous visuals, a completion signal) and its seed in the catalogue,
 * so a newcomer can export offline.
 */
@ApplicationModule(allowedDependencies = { "catalog", "powerbi" })
@NullMarked
package org.pbiexport.demo;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
