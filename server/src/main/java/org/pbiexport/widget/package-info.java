/**
 * The embeddable widget's script as sites load it: its type, how long browsers may keep
 * it, and a versioned address to keep it longer; and the texts of the widget and the
 * portal in the reader's language ({@code GET /widget/texts}).
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.pbiexport.widget;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
