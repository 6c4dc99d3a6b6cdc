/**
 * Runs the Drupal module's PHP checks from the Maven build.
 */
@NullMarked
package org.pbiexport.drupal;

import org.jspecify.annotations.NullMarked;
