package org.pbiexport.render;

import java.time.Duration;

/**
 * A captured page: PNG bytes or a one-page PDF, which readiness rule decided, and how
 * long it took.
 */
public record RenderResult(byte[] bytes, String readinessRule, Duration took) {

}
