/**
 * HTTP conventions shared by every API module: RFC 9457 problem responses, field errors
 * and the mapping of named failures to status codes. Shared: every module may use it.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package org.pbiexport.web;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
