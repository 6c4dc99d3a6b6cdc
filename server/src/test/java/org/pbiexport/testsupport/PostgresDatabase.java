package org.pbiexport.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A fresh PostgreSQL database for the test classes that implement this. Spring caches a
 * context per configuration, and one property source method is one configuration: the
 * test classes of the same settings that implement this share one application and one
 * database, where each declaring its own method would start its own.
 */
public interface PostgresDatabase {

	@DynamicPropertySource
	static void postgresDatabase(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRESQL.register(registry);
	}

}
