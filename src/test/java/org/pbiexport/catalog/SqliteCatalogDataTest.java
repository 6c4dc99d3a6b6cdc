package org.pbiexport.catalog;

import org.pbiexport.testsupport.TestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The catalogue's data contract on Sqlite. */
class SqliteCatalogDataTest extends CatalogDataContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.SQLITE.register(registry);
	}

}
