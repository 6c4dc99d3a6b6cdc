package org.pbiexport.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.pbiexport.client.JobStatus;

/**
 * An export job's progress as lines on stderr: each change of status, and while it runs a
 * line every few seconds so a long export shows it is alive.
 */
final class Progress implements Consumer<JobStatus> {

	private static final long EVERY_NANOS = 5_000_000_000L;

	private final PrintWriter err;

	private final long started = System.nanoTime();

	private @Nullable String lastStatus;

	private long lastLine;

	Progress(PrintWriter err) {
		this.err = err;
	}

	@Override
	public void accept(JobStatus status) {
		long now = System.nanoTime();
		if (status.status().equals(this.lastStatus) && now - this.lastLine < EVERY_NANOS) {
			return;
		}
		this.lastStatus = status.status();
		this.lastLine = now;
		this.err.println(String.format(Locale.ROOT, "Export job %s: %s, %.0f%%, %.1f s", status.id(), status.status(),
				status.progress() * 100, (now - this.started) / 1e9));
		this.err.flush();
	}

}
