package org.pbiexport.catalog;

import org.pbiexport.testsupport.TestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The catalogue's data contract on Postgres. */
class PostgresCatalogDataTest extends CatalogDataContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRESQL.register(registry);
	}

}
