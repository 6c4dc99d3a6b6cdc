package org.pbiexport.testsupport;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * The application as it runs by default, on a SQLite file, without the demo report, with
 * the admin password {@code test-admin-pw}: one running server that every test class
 * extending this shares, because Spring caches a context per configuration and starting
 * the application is most of a test class's time. Tests here share one database, so each
 * makes its own reports and users and never assumes the catalog is empty. A test that
 * needs another setting does not extend this.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.demo.seed=false", "pbi-export.admin.password=test-admin-pw" })
@AutoConfigureMockMvc
public abstract class SqliteApp implements SqliteDatabase {

}
