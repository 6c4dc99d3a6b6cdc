package org.pbiexport;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image, the scaled-out compose file and their guide (no Docker engine runs
 * here, so their content is checked instead): roles, shared PostgreSQL and Redis, health
 * checks, no secrets, and no setting the app would silently ignore.
 */
class DeploymentFilesTest {

	/** The repository's root: the tests run in the server module's folder. */
	private static final Path REPOSITORY = Path.of("..");

	/**
	 * Settings named by issue 13's contract that the scale-out modules bind; not all of
	 * them exist on every branch yet. {@code spring.data.redis.url} is read by the app
	 * itself: there is no Spring Data Redis to publish its metadata.
	 */
	private static final Set<String> CONTRACT_PROPERTIES = Set.of("pbi-export.role", "pbi-export.worker.id",
			"pbi-export.redis.key-prefix", "pbi-export.redis.timeout", "pbi-export.queue.capacity",
			"pbi-export.queue.reclaim-after", "pbi-export.cache.redis-chunk-size", "spring.data.redis.url");

	private static final Pattern PROPERTIES_RECORD = Pattern.compile(
			"@ConfigurationProperties\\(\"([^\"]+)\"\\)\\s+(?:@\\w+\\s+)*(?:public\\s+)?(?:record|class)\\s+(\\w+)");

	@Test
	@SuppressWarnings("unchecked")
	void composeDescribesWebAndWorkerNodesSharingPostgresAndRedis() throws IOException {
		Map<String, Object> compose = compose();
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
		Map<String, Object> shared = (Map<String, Object>) compose.get("x-pbi-export");

		assertThat(services).containsOnlyKeys("web", "worker", "postgres", "redis");
		for (String node : List.of("web", "worker")) {
			Map<String, Object> service = services.get(node);
			Map<String, Object> environment = (Map<String, Object>) service.get("environment");
			assertThat(service).containsEntry("build", shared.get("build")).containsEntry("image", shared.get("image"));
			assertThat(environment).containsAllEntriesOf((Map<String, Object>) shared.get("environment"))
				.containsEntry("PBI_EXPORT_ROLE", node)
				.containsEntry("SPRING_PROFILES_ACTIVE", "prod")
				.containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/pbi_export")
				.containsEntry("SPRING_DATA_REDIS_URL", "redis://redis:6379");
			for (String secret : List.of("SPRING_DATASOURCE_PASSWORD", "PBI_EXPORT_ADMIN_PASSWORD",
					"PBI_EXPORT_SECRET_KEY")) {
				assertThat(String.valueOf(environment.get(secret))).as(secret).matches("\\$\\{\\w+:\\?[^}]+}");
			}
			Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) service.get("depends_on");
			assertThat(dependsOn.get("postgres")).containsEntry("condition", "service_healthy");
			assertThat(dependsOn.get("redis")).containsEntry("condition", "service_healthy");
			assertThat(probePaths(String.valueOf(service.get("healthcheck")))).isNotEmpty();
		}
		assertThat((List<String>) services.get("web").get("ports")).containsExactly("8080:8080");
		assertThat(services.get("worker")).doesNotContainKey("ports").containsKey("shm_size");
		assertThat((Integer) ((Map<String, Object>) services.get("worker").get("deploy")).get("replicas"))
			.isGreaterThanOrEqualTo(2);
		assertThat(services.get("postgres")).containsKeys("healthcheck", "volumes");
		assertThat(services.get("redis")).containsKeys("healthcheck", "volumes");
	}

	@Test
	@SuppressWarnings("unchecked")
	void redisKeepsQueuedJobsAndEvictsOnlyKeysWithATimeToLive() throws IOException {
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose().get("services");
		String command = String.join(" ", (List<String>) services.get("redis").get("command"));

		assertThat(command).startsWith("redis-server")
			.contains("--appendonly yes", "--appendfsync everysec", "--maxmemory-policy volatile-lru")
			.containsPattern("--maxmemory \\d+[kmg]b");
	}

	@Test
	void imageUsesDebianChromiumAndNeverDownloadsABrowser() throws IOException {
		String dockerfile = Files.readString(REPOSITORY.resolve("Dockerfile"));

		assertThat(dockerfile).contains("apt-get install", " chromium ", "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1",
				"PBI_EXPORT_RENDER_CHROMIUM_PATH=/usr/bin/chromium", "HEALTHCHECK", "/actuator/health/liveness");
		assertThat(dockerfile).doesNotContain("playwright install");
	}

	@Test
	void imageIsBuiltWithTheWrapperAndRunsOnAJreAsAUserOfItsOwn() throws IOException {
		List<List<String>> stages = stages(instructions(Files.readString(REPOSITORY.resolve("Dockerfile"))));

		assertThat(stages).hasSize(2);
		String build = String.join("\n", stages.get(0));
		String runtime = String.join("\n", stages.get(1));
		assertThat(build).contains("COPY .mvn", "COPY server/pom.xml", "-f server/pom.xml dependency:go-offline",
				"-DskipTests -f server/pom.xml package");
		assertThat(build.indexOf("dependency:go-offline")).isLessThan(build.indexOf("COPY server/src"));
		assertThat(runtime).startsWith("FROM debian:bookworm-slim")
			.contains("openjdk-17-jre-headless", "fonts-noto-cjk", "curl")
			.doesNotContain("jdk-headless", "openjdk-17-jdk", "maven", "mvn");
		String user = stages.get(1)
			.stream()
			.filter((line) -> line.startsWith("USER "))
			.reduce((first, last) -> last)
			.orElseThrow()
			.substring(5)
			.split(":")[0];
		assertThat(user).isNotIn("root", "0");
		assertThat(runtime).containsPattern(
				user.matches("\\d+") ? "useradd [^\\n]*--uid " + user + " " : "useradd [^\\n]*\\b" + user + "$");
		assertThat(runtime.indexOf("USER ")).isGreaterThan(runtime.indexOf("useradd"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void healthChecksAskProbesTheAppExposes() throws IOException {
		Map<String, Object> application = yaml(Path.of("src/main/resources/application.yml"));
		Map<String, Object> management = (Map<String, Object>) application.get("management");

		assertThat(flatten("management", management)).containsEntry("management.endpoint.health.probes.enabled", true);
		assertThat(String.valueOf(flatten("management", management).get("management.endpoints.web.exposure.include")))
			.contains("health");
		assertThat(probePaths(Files.readString(REPOSITORY.resolve("Dockerfile")))).isNotEmpty();
		assertThat(probePaths(Files.readString(REPOSITORY.resolve("docs/deploy.md")))).contains("liveness",
				"readiness");
	}

	@Test
	@SuppressWarnings("unchecked")
	void everySettingTheContainersSetIsOneTheAppKnows() throws Exception {
		Set<String> known = knownProperties();
		Set<String> environmentForms = known.stream()
			.flatMap((name) -> Stream.of(name.replace('.', '_').replace('-', '_'),
					name.replace("-", "").replace('.', '_')))
			.map(String::toUpperCase)
			.collect(Collectors.toSet());
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose().get("services");
		Set<String> used = new TreeSet<>();
		for (String node : List.of("web", "worker")) {
			used.addAll(((Map<String, Object>) services.get(node).get("environment")).keySet());
		}
		Matcher env = Pattern.compile("\\s([A-Z][A-Z0-9_]*)=")
			.matcher(String.join("\n", instructions(Files.readString(REPOSITORY.resolve("Dockerfile")))));
		while (env.find()) {
			used.add(env.group(1));
		}
		used.removeIf((name) -> !name.startsWith("PBI_EXPORT_") && !name.startsWith("SPRING_"));

		assertThat(known).contains("pbi-export.render.max-concurrency", "pbi-export.render.memory-per-render",
				"pbi-export.render.chromium-path", "pbi-export.data-dir", "spring.datasource.url",
				"spring.profiles.active");
		assertThat(used).contains("PBI_EXPORT_RENDER_MAX_CONCURRENCY", "PBI_EXPORT_DATA_DIR");
		assertThat(used).as("settings the app knows").allMatch(environmentForms::contains);
	}

	@Test
	@SuppressWarnings("unchecked")
	void deployGuideDocumentsEveryVariableAndServiceOfTheComposeFile() throws IOException {
		String compose = Files.readString(REPOSITORY.resolve("compose.yaml"));
		String guide = Files.readString(REPOSITORY.resolve("docs/deploy.md"));
		Set<String> variables = new TreeSet<>();
		Matcher variable = Pattern.compile("\\$\\{(\\w+)").matcher(compose);
		while (variable.find()) {
			variables.add(variable.group(1));
		}

		assertThat(variables).isNotEmpty().allMatch((name) -> guide.contains("`" + name + "`"));
		assertThat(((Map<String, Object>) compose().get("services")).keySet())
			.allMatch((service) -> guide.contains("`" + service + "`"));
		assertThat(guide).contains("appendonly yes", "volatile-lru", "noeviction", "allkeys-",
				"pbi_export_stream_depth", "medium: Memory", "PBI_EXPORT_SECRET_KEY", "Flyway", "PBI_EXPORT_ROLE",
				"java -jar");
		assertThat(guide).doesNotContain("](../", "/work/", "shared/design");
	}

	private static Map<String, Object> compose() throws IOException {
		return yaml(REPOSITORY.resolve("compose.yaml"));
	}

	private static Map<String, Object> yaml(Path file) throws IOException {
		LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(50);
		return new Yaml(new SafeConstructor(options)).load(Files.readString(file));
	}

	/** The Dockerfile's instructions, continuation lines joined, comments left out. */
	private static List<String> instructions(String dockerfile) {
		return Arrays.stream(dockerfile.replace("\\\n", " ").split("\n"))
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
	}

	private static List<List<String>> stages(List<String> instructions) {
		List<List<String>> stages = new ArrayList<>();
		for (String instruction : instructions) {
			if (instruction.startsWith("FROM ")) {
				stages.add(new ArrayList<>());
			}
			stages.get(stages.size() - 1).add(instruction);
		}
		return stages;
	}

	/** The health probes a text asks for; Spring Boot has exactly these two groups. */
	private static Set<String> probePaths(String text) {
		Set<String> probes = new TreeSet<>();
		Matcher probe = Pattern.compile("/actuator/health/(\\w+)").matcher(text);
		while (probe.find()) {
			assertThat(probe.group(1)).isIn("liveness", "readiness");
			probes.add(probe.group(1));
		}
		return probes;
	}

	/**
	 * What the app binds: its application*.yml keys, the components of its
	 * {@code @ConfigurationProperties} records, Spring Boot's published properties and
	 * the contract's names.
	 */
	private static Set<String> knownProperties() throws Exception {
		Set<String> known = new TreeSet<>(CONTRACT_PROPERTIES);
		try (Stream<Path> files = Files.list(Path.of("src/main/resources"))) {
			for (Path file : files.filter((f) -> f.getFileName().toString().matches("application.*\\.ya?ml"))
				.toList()) {
				known.addAll(flatten("", yaml(file)).keySet());
			}
		}
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
			for (Path source : sources.filter((f) -> f.toString().endsWith(".java")).toList()) {
				String code = Files.readString(source);
				Matcher declaration = PROPERTIES_RECORD.matcher(code);
				while (declaration.find()) {
					String pkg = code.replaceFirst("(?s).*?package ([\\w.]+);.*", "$1");
					String file = source.getFileName().toString().replace(".java", "");
					String name = declaration.group(2).equals(file) ? file : file + "$" + declaration.group(2);
					addComponents(declaration.group(1), Class.forName(pkg + "." + name), known);
				}
			}
		}
		for (String metadata : List.of("META-INF/spring-configuration-metadata.json",
				"META-INF/additional-spring-configuration-metadata.json")) {
			Enumeration<URL> resources = DeploymentFilesTest.class.getClassLoader().getResources(metadata);
			for (URL resource : Collections.list(resources)) {
				try (InputStream in = resource.openStream()) {
					Matcher name = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"")
						.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
					while (name.find()) {
						known.add(name.group(1));
					}
				}
			}
		}
		return known;
	}

	private static void addComponents(String prefix, Class<?> type, Set<String> known) {
		for (RecordComponent component : type.getRecordComponents()) {
			String name = prefix + "." + component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
			known.add(name);
			if (component.getType().isRecord() && component.getType().getName().startsWith("org.pbiexport.")) {
				addComponents(name, component.getType(), known);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> flatten(String prefix, Map<String, Object> tree) {
		Map<String, Object> flat = new TreeMap<>();
		tree.forEach((key, value) -> {
			String name = prefix.isEmpty() ? key : prefix + "." + key;
			if (value instanceof Map<?, ?> map) {
				flat.putAll(flatten(name, (Map<String, Object>) map));
			}
			else {
				flat.put(name, value);
			}
		});
		return flat;
	}

}
