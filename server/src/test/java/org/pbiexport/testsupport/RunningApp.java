package org.pbiexport.testsupport;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * The one test configuration of the application as it runs by default: on a random port,
 * with MockMvc, the demo report seeded and the admin password {@code test-admin-pw}. A
 * test class extending this implements one of {@link SqliteDatabase},
 * {@link PostgresDatabase} or {@link MariaDbDatabase}, and Spring's context cache then
 * starts one application per database that every such class shares: starting the
 * application is most of a test class's time. Tests here share their database, so each
 * makes its own reports, users and credentials under names of its own, never assumes a
 * table is empty, and leaves the demo report as it found it. A test that needs another
 * setting does not extend this (each other setting starts one more application).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pbi-export.admin.password=test-admin-pw")
@AutoConfigureMockMvc
public abstract class RunningApp {

}
