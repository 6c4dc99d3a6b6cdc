package org.pbiexport;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import fixture.modularity.FixtureApplication;
import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.RunsAlongside;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The module boundaries of docs/architecture.md, checked on the compiled code: no cycles,
 * no use of another module's internals, and only the dependencies each package-info
 * allows.
 */
@RunsAlongside
class ModularityTests {

	static final ApplicationModules modules = ApplicationModules.of(PbiExportApplication.class);

	@Test
	void modulesKeepTheirDeclaredDependencies() {
		modules.verify();
	}

	@Test
	void everyModuleOfTheArchitectureExists() {
		Set<String> names = modules.stream()
			.map(ApplicationModule::getIdentifier)
			.map(Object::toString)
			.collect(Collectors.toSet());
		assertThat(names).contains("catalog", "powerbi", "export", "render", "queue", "cache", "imports", "admin",
				"security", "demo", "web");
	}

	@Test
	void pureModulesDependOnNothing() {
		Map<String, ApplicationModule> byName = modules.stream()
			.collect(Collectors.toMap((module) -> module.getIdentifier().toString(), (module) -> module));
		for (String pure : new String[] { "powerbi", "queue", "cache" }) {
			assertThat(byName.get(pure).getDirectDependencies(modules).stream().toList())
				.as("%s must not depend on other modules", pure)
				.isEmpty();
		}
		assertThat(byName.get("render")
			.getDirectDependencies(modules)
			.stream()
			.map((d) -> d.getTargetModule().getIdentifier().toString())
			.distinct()
			.toList()).as("render knows only the queue port").containsOnly("queue");
	}

	/**
	 * The check is not vacuous: a module that uses one it did not declare is reported.
	 */
	@Test
	void aForbiddenDependencyFailsVerification() {
		// The fixture lives in test sources, which verification of the real application
		// leaves out.
		ApplicationModules fixture = ApplicationModules.of(FixtureApplication.class, (location) -> true);

		assertThatThrownBy(fixture::verify).isInstanceOf(Violations.class)
			.hasMessageContaining("rendering")
			.hasMessageContaining("reports");
	}

}
