package org.pbiexport.cluster;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pbiexport.PbiExportApplication;
import org.pbiexport.testsupport.TestDatabase;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Web and worker nodes need Redis: without it they do not start, and say why and what to
 * do, in words.
 */
class RedisRequiredTest {

	@Test
	void aWebNodeWithoutARedisUrlDoesNotStartAndSaysWhatToSet() {
		Throwable failure = start("web", null);

		FailureAnalysis analysis = analysis(failure);
		assertThat(analysis.getDescription()).contains("role is 'web'", "spring.data.redis.url",
				"SPRING_DATA_REDIS_URL", "is not set");
		assertThat(analysis.getAction()).contains("Start Redis", "pbi-export.role=all");
	}

	@Test
	void aWorkerWhoseRedisIsNotReachableDoesNotStartAndNamesIt() throws Exception {
		int unused;
		try (ServerSocket socket = new ServerSocket(0)) {
			unused = socket.getLocalPort();
		}

		FailureAnalysis analysis = analysis(start("worker", "redis://:secret@127.0.0.1:" + unused));

		assertThat(analysis.getDescription())
			.contains("role is 'worker'", "127.0.0.1:" + unused, "could not be reached")
			.doesNotContain("secret");
	}

	private static Throwable start(String role, String redisUrl) {
		Map<String, String> database = TestDatabase.SQLITE.create();
		SpringApplicationBuilder builder = new SpringApplicationBuilder(PbiExportApplication.class)
			.web(WebApplicationType.NONE);
		List<String> arguments = new ArrayList<>(
				List.of("--pbi-export.role=" + role, "--pbi-export.data-dir=" + database.get("pbi-export.data-dir"),
						"--pbi-export.demo.seed=false", "--logging.level.root=off"));
		if (redisUrl != null) {
			arguments.add("--spring.data.redis.url=" + redisUrl);
		}
		return catchThrowable(() -> builder.run(arguments.toArray(String[]::new)).close());
	}

	private static FailureAnalysis analysis(Throwable failure) {
		assertThat(failure).as("the node must not start").isNotNull();
		Throwable cause = failure;
		while (cause != null && !(cause instanceof RedisRequired)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("failure caused by RedisRequired: %s", failure).isInstanceOf(RedisRequired.class);
		return new RedisRequiredAnalyzer().analyze(failure);
	}

}
