/**
 * How this process takes part in a deployment: its role ({@code all}, {@code web} or
 * {@code worker}), its worker id, and, scaled out, the Redis connections behind the
 * queue, the signals and the shared cache, with Redis's readiness and what a worker node
 * serves.
 */
@ApplicationModule(allowedDependencies = { "cache", "queue", "web" })
@NullMarked
package org.pbiexport.cluster;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
