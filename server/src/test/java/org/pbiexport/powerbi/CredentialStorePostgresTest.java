package org.pbiexport.powerbi;

import org.pbiexport.testsupport.PostgresDatabase;

/** The credential store's data contract on PostgreSQL. */
class CredentialStorePostgresTest extends CredentialStoreDataContract implements PostgresDatabase {

}
