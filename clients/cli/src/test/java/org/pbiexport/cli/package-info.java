/**
 * The command line's tests: each command against a real pbi-export server.
 */
@NullMarked
package org.pbiexport.cli;

import org.jspecify.annotations.NullMarked;
