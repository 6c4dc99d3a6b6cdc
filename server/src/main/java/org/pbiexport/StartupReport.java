package org.pbiexport;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells whoever started the app where to find it, once it is ready. */
@Component
class StartupReport implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
			return;
		}
		Environment environment = event.getApplicationContext().getEnvironment();
		String base = "http://localhost:" + web.getWebServer().getPort();
		String database = environment.getProperty("spring.datasource.url", "");
		String dataDir = Path.of(environment.getProperty("pbi-export.data-dir", "./data"))
			.toAbsolutePath()
			.normalize()
			.toString();
		String role = environment.getProperty("pbi-export.role", "all");
		if ("worker".equals(role)) {
			log.info("""

					  pbi-export worker is up: it renders the exports web nodes put on the Redis stream.
					    Health, metrics:    {}/actuator/health  and  {}/actuator/prometheus
					    (the portal and the APIs are served by web nodes, not here)
					""", base, base);
			return;
		}
		log.info("{}", banner(base,
				database.startsWith("jdbc:sqlite:") ? "SQLite in the data directory" : database.replaceAll("\\?.*", ""),
				dataDir));
	}

	/** What a node serving everything says once it is up. */
	static String banner(String base, String database, String dataDir) {
		return """

				  pbi-export is up.
				    Portal:             %1$s/
				    Admin pages:        %1$s/admin   (user admin; its password was printed on the first
				                        start; lost it? run the jar with --reset-admin-password)
				    Reports (API):      %1$s/api/reports
				    Demo report page:   %1$s/demo/report
				    Admin API:          %1$s/api/admin/reports   (HTTP Basic as an admin, or an API key
				                        with admin access)
				    API description:    %1$s/swagger-ui.html  and  %1$s/v3/api-docs
				    Health, metrics:    %1$s/actuator/health  and  %1$s/actuator/prometheus
				    Metadata database:  %2$s
				    Data directory:     %3$s
				""".formatted(base, database, dataDir);
	}

}
