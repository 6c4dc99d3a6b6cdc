package org.pbiexport.cluster;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says in words why a web or worker node did not start without Redis, and what to do. */
class RedisRequiredAnalyzer extends AbstractFailureAnalyzer<RedisRequired> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RedisRequired cause) {
		String role = cause.role().name().toLowerCase();
		String description = (cause.url() == null)
				? "This node's role is '" + role + "', which shares its queue and cache through Redis, but "
						+ "spring.data.redis.url (SPRING_DATA_REDIS_URL) is not set."
				: "This node's role is '" + role + "', which shares its queue and cache through Redis, but Redis at "
						+ cause.url() + " could not be reached: " + rootMessage(cause) + ".";
		return new FailureAnalysis(description,
				"Start Redis and set spring.data.redis.url (e.g. redis://127.0.0.1:6379), or run the embedded "
						+ "default with pbi-export.role=all, which needs no Redis.",
				cause);
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

}
