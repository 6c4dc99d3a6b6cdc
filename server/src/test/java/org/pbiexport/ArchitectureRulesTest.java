package org.pbiexport;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import fixture.architecture.render.RequestReadingRenderer;
import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.RunsAlongside;
import org.pbiexport.web.ApiProblem;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rules on the compiled main code that Spring Modulith's module dependencies
 * ({@link ModularityTests}) cannot say: which modules may touch the servlet API, which
 * third-party libraries stay inside the module that owns them (docs/architecture.md),
 * where HTTP problem types may live, and a few coding rules. Plain JUnit: ArchUnit comes
 * with Spring Modulith, and no Spring context is needed.
 */
@RunsAlongside
class ArchitectureRulesTest {

	static final JavaClasses mainClasses = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.pbiexport");

	@Test
	void modulesBelowTheWebEdgeNeverSeeAServletRequest() {
		servletFree("org.pbiexport").check(mainClasses);
	}

	/**
	 * The rules are not vacuous: a render class that reads the request is reported.
	 */
	@Test
	void aRenderClassReadingTheRequestBreaksTheRule() {
		JavaClasses fixture = new ClassFileImporter().importClasses(RequestReadingRenderer.class);

		assertThatThrownBy(() -> servletFree("fixture.architecture").check(fixture)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("RequestReadingRenderer")
			.hasMessageContaining("HttpServletRequest");
	}

	/**
	 * The catalogue's model, rules and failures know nothing of HTTP: only its web
	 * adapters do — the read API's controller, the translation of its failures into
	 * problems and the storage status the write guard asks.
	 */
	@Test
	void catalogKnowsNothingOfHttp() {
		noClasses().that()
			.resideInAPackage("org.pbiexport.catalog..")
			.and()
			.doNotHaveSimpleName("CatalogApi")
			.and()
			.doNotHaveSimpleName("CatalogProblems")
			.and()
			.doNotHaveSimpleName("MetadataDatabaseHealth")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.pbiexport.web..", "jakarta.servlet..", "org.springframework.http..",
					"org.springframework.web..")
			.because("the catalogue is read by the export worker and the imports as well as by the API; "
					+ "how a failure becomes an HTTP answer, and which reports a caller may see, "
					+ "are decided at the web edge (docs/architecture.md)")
			.check(mainClasses);
	}

	@Test
	void httpProblemsAreRaisedOnlyByModulesThatAnswerTheApi() {
		noClasses().that()
			.resideInAnyPackage("org.pbiexport.powerbi..", "org.pbiexport.render..", "org.pbiexport.queue..",
					"org.pbiexport.cache..", "org.pbiexport.cluster..", "org.pbiexport.demo..",
					"org.pbiexport.widget..")
			.should()
			.dependOnClassesThat()
			.areAssignableTo(ApiProblem.class)
			.because("an ApiProblem's message is shown to API clients; modules that no API call reaches "
					+ "directly report failures in their own terms, and the module answering the call "
					+ "decides what the client is told")
			.check(mainClasses);
		classes().that()
			.areAssignableTo(ApiProblem.class)
			.should()
			.resideInAnyPackage("org.pbiexport.web..", "org.pbiexport.catalog..", "org.pbiexport.export..",
					"org.pbiexport.imports..", "org.pbiexport.admin..")
			.because("problem types belong to the modules whose API answers with them")
			.check(mainClasses);
	}

	@Test
	void theBrowserStaysInRender() {
		onlyIn("com.microsoft.playwright..", "render")
			.because("render owns Playwright and Chromium; other modules hand it pages to capture")
			.check(mainClasses);
		onlyIn("org.apache.pdfbox..", "render").because("PDF assembly is part of rendering").check(mainClasses);
	}

	@Test
	void redisStaysBehindTheQueueAndCachePorts() {
		onlyIn("io.lettuce..", "queue", "cache", "cluster")
			.because("Redis is an adapter behind the queue and cache ports, wired by cluster; "
					+ "one process runs without any Redis client")
			.check(mainClasses);
	}

	@Test
	void spreadsheetsAreReadOnlyByImports() {
		onlyIn("org.apache.poi..", "imports", "render")
			.because("imports owns Excel and CSV filter lists; render assembles slide decks")
			.check(mainClasses);
		onlyIn("org.apache.commons.csv..", "imports", "audit")
			.because("imports owns Excel and CSV filter lists; audit writes the export log as CSV")
			.check(mainClasses);
	}

	@Test
	void onlyPowerBiCallsOutOverHttp() {
		onlyIn("java.net.http..", "powerbi")
			.because("Entra ID and the Power BI REST API are powerbi's business, with its timeouts and "
					+ "its care for secrets")
			.check(mainClasses);
	}

	@Test
	void exportsAndImportsReachTheMetadataOnlyThroughTheCatalog() {
		noClasses().that()
			.resideInAnyPackage("org.pbiexport.export..", "org.pbiexport.imports..", "org.pbiexport.render..",
					"org.pbiexport.queue..", "org.pbiexport.cache..", "org.pbiexport.cluster..",
					"org.pbiexport.widget..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("java.sql..", "org.springframework.jdbc..")
			.because("the metadata schema has three dialects and one owner, catalog; " + "other modules use its API")
			.check(mainClasses);
	}

	@Test
	void codingRules() {
		NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.because("logs go through SLF4J, with levels and context")
			.check(mainClasses);
		NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.because("logs go through SLF4J").check(mainClasses);
		NO_CLASSES_SHOULD_USE_FIELD_INJECTION
			.because("constructor injection keeps dependencies visible and final, and classes testable "
					+ "without Spring")
			.check(mainClasses);
	}

	private static ArchRule servletFree(String root) {
		return noClasses().that()
			.resideInAnyPackage(root + ".catalog..", root + ".powerbi..", root + ".render..", root + ".cache..",
					root + ".queue..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("jakarta.servlet..")
			.because("these modules also run on worker nodes and in background jobs, where there is no "
					+ "request; what a request means (caller, scope, limits) is resolved at the web edge "
					+ "and handed over as plain values");
	}

	private static ArchRule onlyIn(String library, String... modules) {
		String[] packages = new String[modules.length];
		for (int i = 0; i < modules.length; i++) {
			packages[i] = "org.pbiexport." + modules[i] + "..";
		}
		DescribedPredicate<JavaClass> outside = DescribedPredicate.not(resideInAnyPackage(packages));
		return noClasses().that(outside).should().dependOnClassesThat().resideInAPackage(library);
	}

}
