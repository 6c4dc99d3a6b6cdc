/**
 * Everything Power BI-specific: classifying registered addresses, the URL filter
 * language, render URLs with page and filter parameters. Pure code with no dependency on
 * other modules.
 */
@ApplicationModule(allowedDependencies = {})
package org.pbiexport.powerbi;

import org.springframework.modulith.ApplicationModule;
