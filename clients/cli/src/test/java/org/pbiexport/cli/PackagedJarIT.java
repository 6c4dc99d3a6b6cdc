package org.pbiexport.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbiexport.client.testing.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, run as people run it ({@code java -jar}), after {@code package} made
 * it: proof that it starts with all it needs inside.
 */
class PackagedJarIT {

	@Test
	void theRunnableJarListsTheReportsAsJson(@TempDir Path home) throws IOException, InterruptedException {
		Path jar = Path.of("target", "pbi-export-cli.jar").toAbsolutePath();
		assertThat(jar).as("the shaded jar, made in the package phase").isRegularFile();
		RunningServer server = RunningServer.shared();
		Path out = home.resolve("out.json");
		Path err = home.resolve("err.txt");
		ProcessBuilder builder = new ProcessBuilder(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
						"reports", "--json"))
			.redirectOutput(out.toFile())
			.redirectError(err.toFile());
		Map<String, String> env = builder.environment();
		env.keySet().removeIf((name) -> name.startsWith("PBI_EXPORT_") || name.equals("XDG_CONFIG_HOME"));
		env.put("HOME", home.toString());
		env.put("PBI_EXPORT_SERVER", server.baseUrl().toString());
		env.put("PBI_EXPORT_API_KEY", server.apiKey());
		Process process = builder.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("java -jar did not finish within 60 s");
		}
		String stderr = Files.readString(err, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(stderr).isZero();
		assertThat(Files.readString(out, StandardCharsets.UTF_8)).startsWith("{\"reports\":[")
			.contains("\"report_id\":1");
	}

}
