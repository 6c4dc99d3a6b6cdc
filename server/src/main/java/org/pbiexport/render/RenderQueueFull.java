package org.pbiexport.render;

import java.time.Duration;

/** No room for another render now; {@link #retryAfter()} estimates when there will be. */
public class RenderQueueFull extends RuntimeException {

	private final Duration retryAfter;

	public RenderQueueFull(Duration retryAfter) {
		super("The export queue is full");
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
