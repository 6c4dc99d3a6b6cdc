/**
 * Authentication and authorisation of every path: HTTP Basic and form login for admins,
 * CSRF, CORS.
 */
@ApplicationModule(allowedDependencies = { "catalog", "web" })
package org.pbiexport.security;

import org.springframework.modulith.ApplicationModule;
