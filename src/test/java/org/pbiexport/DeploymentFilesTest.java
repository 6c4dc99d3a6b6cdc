package org.pbiexport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image and the scaled-out compose file (no Docker engine runs here, so
 * their content is checked instead): roles, shared PostgreSQL and Redis, health checks,
 * no secrets.
 */
class DeploymentFilesTest {

	@Test
	@SuppressWarnings("unchecked")
	void composeDescribesWebAndWorkerNodesSharingPostgresAndRedis() throws IOException {
		LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(50);
		Map<String, Object> compose = new Yaml(new SafeConstructor(options))
			.load(Files.readString(Path.of("compose.yaml")));
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

		assertThat(services).containsOnlyKeys("web", "worker", "postgres", "redis");
		for (String node : List.of("web", "worker")) {
			Map<String, Object> service = services.get(node);
			Map<String, Object> environment = (Map<String, Object>) service.get("environment");
			assertThat(environment).containsEntry("PBI_EXPORT_ROLE", node)
				.containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/pbi_export")
				.containsEntry("SPRING_DATA_REDIS_URL", "redis://redis:6379");
			assertThat(String.valueOf(environment.get("SPRING_DATASOURCE_PASSWORD"))).startsWith("${");
			assertThat(String.valueOf(environment.get("PBI_EXPORT_ADMIN_PASSWORD"))).startsWith("${");
			Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) service.get("depends_on");
			assertThat(dependsOn.get("postgres")).containsEntry("condition", "service_healthy");
			assertThat(dependsOn.get("redis")).containsEntry("condition", "service_healthy");
		}
		assertThat((List<String>) services.get("web").get("ports")).containsExactly("8080:8080");
		assertThat(services.get("worker")).doesNotContainKey("ports");
		assertThat(services.get("postgres")).containsKey("healthcheck");
		assertThat(services.get("redis")).containsKey("healthcheck");
	}

	@Test
	void imageUsesDebianChromiumAndNeverDownloadsABrowser() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"));

		assertThat(dockerfile).contains("apt-get install", " chromium ", "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1",
				"PBI_EXPORT_RENDER_CHROMIUM_PATH=/usr/bin/chromium", "HEALTHCHECK", "USER pbi",
				"/actuator/health/liveness");
		assertThat(dockerfile).doesNotContain("playwright install");
	}

}
