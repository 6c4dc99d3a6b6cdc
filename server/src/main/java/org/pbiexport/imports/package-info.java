/**
 * Excel and CSV filter lists: parsing, cleaning, typed validation, preview diff, apply
 * and export.
 */
@ApplicationModule(allowedDependencies = { "catalog", "web" })
@NullMarked
package org.pbiexport.imports;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
