/**
 * pbi-export's command line: the catalogue, exports and filter-file imports of a
 * pbi-export server through its public API, with exit codes by outcome and {@code --json}
 * output for scripts.
 */
@NullMarked
package org.pbiexport.cli;

import org.jspecify.annotations.NullMarked;
