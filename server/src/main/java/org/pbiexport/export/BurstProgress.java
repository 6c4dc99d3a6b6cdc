package org.pbiexport.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pbiexport.web.ApiProblem;

/**
 * How far a job with one file per value is: how many values it has, how many finished
 * (delivered or failed), and which failed and why; plus how the delivered ones were
 * rendered (readiness rules, workers) for the file's headers. Kept as text attributes
 * when the job ends, so that its status says the same after a restart.
 */
final class BurstProgress {

	/** One value that failed, with the problem its export answered. */
	record Failure(String value, ApiProblem problem) {
	}

	/** A moment's view of the progress. */
	record Snapshot(int total, int done, List<Failure> failed, String readiness, String workers) {

		double fraction() {
			return (this.total == 0) ? 1.0 : (double) this.done / this.total;
		}

	}

	private final int total;

	private int done;

	private final List<Failure> failed = new ArrayList<>();

	private final Set<String> readiness = new LinkedHashSet<>();

	private final Set<String> workers = new LinkedHashSet<>();

	BurstProgress(int total) {
		this.total = total;
	}

	synchronized void delivered(ExportFile file) {
		this.done++;
		if (file.readiness() != null) {
			this.readiness.add(file.readiness());
		}
		if (file.renderedBy() != null) {
			this.workers.add(file.renderedBy());
		}
	}

	synchronized void failed(String value, ApiProblem problem) {
		this.done++;
		this.failed.add(new Failure(value, problem));
	}

	synchronized Snapshot snapshot() {
		return new Snapshot(this.total, this.done, List.copyOf(this.failed), String.join(",", this.readiness),
				String.join(",", this.workers));
	}

	/** The snapshot as a job's record keeps it. */
	static Map<String, String> attributes(Snapshot snapshot) {
		Map<String, String> attributes = new HashMap<>();
		attributes.put("total", Integer.toString(snapshot.total()));
		attributes.put("done", Integer.toString(snapshot.done()));
		attributes.put("failed", Integer.toString(snapshot.failed().size()));
		attributes.put("readiness", snapshot.readiness());
		attributes.put("workers", snapshot.workers());
		for (int i = 0; i < snapshot.failed().size(); i++) {
			Failure failure = snapshot.failed().get(i);
			String prefix = "failed." + i + ".";
			attributes.put(prefix + "value", failure.value());
			ExportFailures.keep(failure.problem(), prefix, attributes);
		}
		return attributes;
	}

	/** A snapshot from a job's record. */
	static Snapshot restored(Map<String, String> attributes) {
		List<Failure> failed = new ArrayList<>();
		int count = Integer.parseInt(attributes.getOrDefault("failed", "0"));
		for (int i = 0; i < count; i++) {
			String prefix = "failed." + i + ".";
			failed.add(new Failure(attributes.get(prefix + "value"), ExportFailures.restored(attributes, prefix)));
		}
		return new Snapshot(Integer.parseInt(attributes.get("total")), Integer.parseInt(attributes.get("done")), failed,
				attributes.getOrDefault("readiness", ""), attributes.getOrDefault("workers", ""));
	}

}
