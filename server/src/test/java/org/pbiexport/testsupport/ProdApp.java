package org.pbiexport.testsupport;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The application in the {@code prod} profile, on a SQLite file, without the demo report:
 * API keys required, pages of {@code https://intranet.example.com} and
 * {@code https://partner.example.com} allowed, metrics for admins and the scraper with
 * {@link #SCRAPE_TOKEN}. One running server that every test class extending this shares
 * (Spring caches a context per configuration), so each makes its own reports, keys and
 * users.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.admin.password=test-admin-pw", "pbi-export.demo.seed=false",
				"pbi-export.api.allowed-origins=https://intranet.example.com,https://partner.example.com",
				"pbi-export.secret-key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
				"pbi-export.metrics.scrape-token=" + ProdApp.SCRAPE_TOKEN })
@ActiveProfiles("prod")
public abstract class ProdApp implements SqliteDatabase {

	public static final String SCRAPE_TOKEN = "scrape-token-for-the-test-0123456789";

}
