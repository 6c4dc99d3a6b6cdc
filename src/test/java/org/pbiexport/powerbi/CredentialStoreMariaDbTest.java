package org.pbiexport.powerbi;

import org.pbiexport.testsupport.TestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The credential store's data contract on MariaDB. */
class CredentialStoreMariaDbTest extends CredentialStoreDataContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.MARIADB.register(registry);
	}

}
