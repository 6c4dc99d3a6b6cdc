/**
 * The desktop client of pbi-export: a JavaFX app that connects to a server with an API
 * key, lists its reports, lets people choose a page and filter values, previews a page
 * and saves PNG and PDF files, using only the public API (docs/contract.md).
 */
@NullMarked
package org.pbiexport.desktop;

import org.jspecify.annotations.NullMarked;
