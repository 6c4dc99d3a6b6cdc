package org.pbiexport.testsupport;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The application as a first-time user starts it, with the demo report seeded, on a
 * SQLite file, with the admin password {@code test-admin-pw}: one running server that
 * every test class extending this shares (Spring caches a context per configuration).
 * Tests here share the demo report and one database, so they leave the demo report as
 * they found it and find their own reports by id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pbi-export.admin.password=test-admin-pw")
public abstract class DemoApp implements SqliteDatabase {

}
