/**
 * End-to-end test of the WordPress plugin: Debian's WordPress with the plugin, in
 * Chromium.
 */
@NullMarked
package org.pbiexport.wordpress;

import org.jspecify.annotations.NullMarked;
