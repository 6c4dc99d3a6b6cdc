package org.pbiexport.render;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.pbiexport.queue.Fairness;

/**
 * A render waiting in {@link RenderPool}'s queue for a render thread, with the result its
 * caller waits for and when it was queued.
 */
record QueuedRender(RenderJob job, CompletableFuture<RenderResult> result, Instant queuedAt) {

	/** Renders are queued per client; async jobs wait behind interactive exports. */
	static final Fairness<QueuedRender> FAIRNESS = new Fairness<>() {
		@Override
		public String client(QueuedRender render) {
			return (render.job().client() != null) ? render.job().client() : "";
		}

		@Override
		public boolean background(QueuedRender render) {
			return render.job().background();
		}
	};

}
