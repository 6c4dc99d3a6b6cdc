package org.pbiexport.catalog;

import org.pbiexport.testsupport.TestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The catalogue's data contract on MariaDb. */
class MariaDbCatalogDataTest extends CatalogDataContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.MARIADB.register(registry);
	}

}
