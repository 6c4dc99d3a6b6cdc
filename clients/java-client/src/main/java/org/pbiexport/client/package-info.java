/**
 * A Java client of pbi-export's public HTTP API (docs/contract.md): the catalogue,
 * exports, export jobs and the filter-file import of the admin API. Used by the desktop
 * app and the command line; it knows nothing of the server's code.
 */
@NullMarked
package org.pbiexport.client;

import org.jspecify.annotations.NullMarked;
