package org.pbiexport.render;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How a render decides that a page has finished: a completion signal when the page gives
 * one, else the fallback rules (no requests in flight, no loading indicators, the DOM
 * unchanged for {@code settle}), both after an optional extra selector is present.
 *
 * @param signal a JavaScript expression that evaluates to {@code "rendered"} or
 * {@code "error"} once the page knows, or null when the page gives no signal
 * @param readySelector a CSS selector that must be present, or null
 * @param settle how long the page must stay quiet for the fallback rules, and settle
 * after a signal
 */
public record Readiness(@Nullable String signal, @Nullable String readySelector, Duration settle) {

}
