/**
 * Everything Power BI-specific: classifying registered addresses, the URL filter language
 * and render URLs; the Power BI JavaScript SDK's embed configuration and filter objects;
 * Entra ID client-credentials tokens and the REST API (report details, pages, embed
 * tokens, Export To File); and the stored credentials, whose secrets are encrypted at
 * rest and leave this module only on their way to Entra ID, Power BI or a Report Server.
 * Depends on no other module.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.pbiexport.powerbi;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
