/**
 * Playwright and Chromium: the supervised browser pool, readiness rules, PNG and PDF
 * capture and PDF assembly. Knows nothing about reports, only about pages to capture.
 */
@ApplicationModule(allowedDependencies = { "queue" })
@NullMarked
package org.pbiexport.render;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
