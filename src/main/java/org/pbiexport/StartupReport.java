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
		log.info("""

				  pbi-export is up.
				    Portal:             {}/
				    Reports (API):      {}/api/reports
				    Demo report page:   {}/demo/report
				    Admin API:          {}/api/admin/reports   (user admin; password from
				                        pbi-export.admin.password, or printed above on the first start)
				    API description:    {}/swagger-ui.html  and  {}/v3/api-docs
				    Health, metrics:    {}/actuator/health  and  {}/actuator/prometheus
				    Metadata database:  {}
				    Data directory:     {}
				""", base, base, base, base, base, base, base, base,
				database.startsWith("jdbc:sqlite:") ? "SQLite in the data directory" : database.replaceAll("\\?.*", ""),
				dataDir);
	}

}
