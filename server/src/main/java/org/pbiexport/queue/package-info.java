/**
 * The export job queue port, with an in-process adapter (and a Redis Streams adapter when
 * scaled out).
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.pbiexport.queue;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
