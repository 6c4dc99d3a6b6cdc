package org.pbiexport;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
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

	public static void main(String[] args) {
		SpringApplication.run(PbiExportApplication.class, args);
	}

}
