package org.pbiexport;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * pbi-export: exports Power BI reports as PNG images and multi-page PDFs with
 * admin-controlled filter values. One process runs every module by default; see
 * docs/architecture.md.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = "web")
@EnableScheduling
public class PbiExportApplication {

	/**
	 * The switch that resets the admin password and stops (README, "The admin pages").
	 */
	static final String RESET_ADMIN_PASSWORD = "--reset-admin-password";

	public static void main(String[] args) {
		ConfigurableApplicationContext context = start(args);
		if (resetsAdminPassword(args)) {
			System.exit(SpringApplication.exit(context));
		}
	}

	/**
	 * Starts the application; with {@value #RESET_ADMIN_PASSWORD} without a web server,
	 * as the reset is all an operator asks of that run.
	 */
	public static ConfigurableApplicationContext start(String... args) {
		SpringApplication application = new SpringApplication(PbiExportApplication.class);
		if (resetsAdminPassword(args)) {
			application.setWebApplicationType(WebApplicationType.NONE);
		}
		return application.run(args);
	}

	private static boolean resetsAdminPassword(String[] args) {
		return Arrays.asList(args).contains(RESET_ADMIN_PASSWORD);
	}

}
