package org.pbiexport.drupal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Drupal module's own checks, run by the one test command: {@code php -l} on every
 * PHP file of pbi_export, then its PHPUnit suite against the stand-ins of Drupal in
 * tests/stubs (Drupal core itself cannot be installed here; see
 * clients/drupal/README.md). With CI=true a missing php or phpunit fails the build;
 * elsewhere the tests are skipped with the reason.
 */
class DrupalModuleTest {

	private static final Path MODULE_DIR = Path.of("").toAbsolutePath();

	private static final Pattern PHPUNIT_OK = Pattern.compile("^OK \\((\\d+) tests?, (\\d+) assertions?\\)$",
			Pattern.MULTILINE);

	@BeforeAll
	static void runsInTheModuleFolder() {
		assertThat(MODULE_DIR.resolve("phpunit.xml.dist")).as("run from clients/drupal").isRegularFile();
	}

	@Test
	void everyPhpFileOfTheModuleLints() throws Exception {
		Path php = required("php", "PHP 8.2 CLI (Debian: php-cli)");
		List<Path> files;
		try (Stream<Path> walk = Files.walk(MODULE_DIR.resolve("pbi_export"))) {
			files = walk.filter((path) -> path.toString().matches(".*\\.(php|module|install|inc)$")).sorted().toList();
		}
		assertThat(files).as("PHP files of pbi_export").hasSizeGreaterThanOrEqualTo(8);
		for (Path file : files) {
			Run lint = run(List.of(php.toString(), "-l", file.toString()), 30, "php-lint.log");
			assertThat(lint.exitCode()).as("php -l %s: %s", file, lint.output()).isZero();
			assertThat(lint.output()).contains("No syntax errors detected");
		}
	}

	@Test
	void phpunitSuitePasses() throws Exception {
		required("php", "PHP 8.2 CLI (Debian: php-cli)");
		Path phpunit = required("phpunit", "PHPUnit 9.6 (Debian: phpunit)");
		Run suite = run(
				List.of(phpunit.toString(), "-c", "phpunit.xml.dist", "--log-junit", "target/phpunit-junit.xml"), 300,
				"phpunit.log");
		assertThat(suite.exitCode()).as("phpunit exit code; output:%n%s", suite.output()).isZero();
		assertThat(suite.output()).doesNotContain("FAILURES!", "ERRORS!");
		Matcher ok = PHPUNIT_OK.matcher(suite.output());
		assertThat(ok.find()).as("phpunit's summary line in:%n%s", suite.output()).isTrue();
		assertThat(Integer.parseInt(ok.group(1))).as("tests run").isPositive();
		assertThat(Integer.parseInt(ok.group(2))).as("assertions").isPositive();
	}

	/**
	 * Runs a command in clients/drupal, its output in target/, killed after a time limit
	 * with whatever it started (phpunit starts a php -S server).
	 */
	private static Run run(List<String> command, long timeoutSeconds, String logName)
			throws IOException, InterruptedException {
		Path log = MODULE_DIR.resolve("target").resolve(logName);
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).directory(MODULE_DIR.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			fail("%s did not finish within %d s; output so far:%n%s", String.join(" ", command), timeoutSeconds,
					Files.readString(log, StandardCharsets.UTF_8));
		}
		return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
	}

	private static Path required(String name, String what) {
		Path found = onPath(name);
		if (found == null) {
			String message = name + " is not installed: " + what + " runs the Drupal module's checks";
			if ("true".equals(System.getenv("CI"))) {
				fail(message);
			}
			assumeTrue(false, message + "; skipped outside CI");
		}
		return found;
	}

	private static @Nullable Path onPath(String name) {
		String path = System.getenv("PATH");
		for (String dir : (path != null) ? path.split(File.pathSeparator) : new String[0]) {
			Path candidate = Path.of(dir, name);
			if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private record Run(int exitCode, String output) {
	}

}
