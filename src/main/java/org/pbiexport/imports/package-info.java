/**
 * Excel and CSV filter lists: parsing, cleaning, typed validation, preview diff, apply
 * and export.
 */
@ApplicationModule(allowedDependencies = { "catalog", "web" })
package org.pbiexport.imports;

import org.springframework.modulith.ApplicationModule;
