/**
 * What admins use: the admin JSON API, users and the first admin, later the web admin UI,
 * API keys and history.
 */
@ApplicationModule(allowedDependencies = { "catalog", "powerbi", "imports", "export", "security", "web" })
@NullMarked
package org.pbiexport.admin;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
