/**
 * Tests of the desktop client against a real server under Xvfb.
 */
@NullMarked
package org.pbiexport.desktop;

import org.jspecify.annotations.NullMarked;
