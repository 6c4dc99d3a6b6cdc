/**
 * The rendered-artifact store port, with a memory and disk adapter (and a Redis adapter
 * when scaled out).
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.pbiexport.cache;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
