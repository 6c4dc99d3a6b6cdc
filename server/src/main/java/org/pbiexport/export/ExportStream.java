package org.pbiexport.export;

import java.time.Instant;
import java.util.Map;

import org.pbiexport.cache.Artifact;
import org.pbiexport.cluster.ClusterProperties;
import org.pbiexport.queue.Fairness;
import org.pbiexport.queue.JobQueue;
import org.pbiexport.queue.JobQueues;
import org.pbiexport.web.ApiProblem;

import org.springframework.http.HttpStatus;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What web and worker nodes agree on when scaled out: the stream exports wait in, the
 * signals workers send (an export taken, finished or failed, by its cache key) and how a
 * failure is recorded for web nodes that missed the signal.
 */
final class ExportStream {

	/** The stream's name, and the channel of its signals. */
	static final String NAME = "exports", SIGNALS = "exports";

	/** The artifact store's owner of failure records, by cache key. */
	static final String FAILURES = "export-failures";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Exports wait per client; jobs wait behind people. */
	private static final Fairness<RenderRequest> FAIRNESS = new Fairness<>() {
		@Override
		public String client(RenderRequest request) {
			return (request.client() != null) ? request.client() : "";
		}

		@Override
		public boolean background(RenderRequest request) {
			return request.background();
		}
	};

	private ExportStream() {
	}

	static JobQueue<RenderRequest> open(JobQueues queues, ClusterProperties cluster) {
		return queues.durable(NAME, cluster.queue().capacity(), RenderRequest.CODEC, FAIRNESS,
				RenderRequest::workUntil);
	}

	/** A worker's word on an export: taken, or finished (its file or failure stored). */
	record Signal(String key, String worker, boolean taken) {

		String write() {
			return JSON.writeValueAsString(Map.of("key", this.key, "worker", this.worker, "taken", this.taken));
		}

		/** The signal, or null when the message is not one. */
		static Signal read(String message) {
			try {
				JsonNode node = JSON.readTree(message);
				return new Signal(node.get("key").asString(), node.get("worker").asString(),
						node.get("taken").asBoolean());
			}
			catch (RuntimeException ex) {
				return null;
			}
		}

	}

	/** A failed export as web nodes learn it: the problem to answer, and when. */
	record Failure(ApiProblem problem, Instant at) {
	}

	static Artifact record(ApiProblem problem, Instant at) {
		return new Artifact(new byte[0],
				Map.of("status", Integer.toString(problem.status().value()), "type",
						problem.type().getPath().replaceFirst("^/problems/", ""), "title", problem.title(), "detail",
						problem.getMessage(), "at", at.toString()));
	}

	static Failure failure(Artifact record) {
		Map<String, String> fields = record.attributes();
		return new Failure(ExportFailures.restored(HttpStatus.valueOf(Integer.parseInt(fields.get("status"))),
				fields.get("type"), fields.get("title"), fields.get("detail")), Instant.parse(fields.get("at")));
	}

}
