package org.pbiexport;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import fixture.modularity.FixtureApplication;
import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.RunsAlongside;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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
				"security", "demo", "web", "audit");
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
	 * Which reports a caller may see is handed to the catalogue as a value: it reads no
	 * request, neither itself nor through a helper of another module that does, so it
	 * answers the same for a controller, a worker or a test.
	 */
	@Test
	void theCatalogueReadsNoRequest() {
		JavaClasses app = new ClassFileImporter().importPackages("org.pbiexport");
		DescribedPredicate<JavaClass> readsTheRequest = new DescribedPredicate<>("read the servlet request") {
			@Override
			public boolean test(JavaClass type) {
				return servletBound(type)
						|| type.getPackageName().startsWith("org.pbiexport.") && type.getDirectDependenciesFromSelf()
							.stream()
							.anyMatch((d) -> servletBound(d.getTargetClass()));
			}
		};

		noClasses().that()
			.resideInAPackage("org.pbiexport.catalog..")
			.should()
			.dependOnClassesThat(readsTheRequest)
			.check(app);
	}

	private static boolean servletBound(JavaClass type) {
		return type.getPackageName().startsWith("jakarta.servlet")
				|| type.getName().equals("org.springframework.web.context.request.RequestContextHolder");
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
