/**
 * Authentication and authorisation of every path: HTTP Basic and form login for admins,
 * CSRF, CORS.
 */
@ApplicationModule(allowedDependencies = { "catalog", "web" })
@NullMarked
package org.pbiexport.security;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
