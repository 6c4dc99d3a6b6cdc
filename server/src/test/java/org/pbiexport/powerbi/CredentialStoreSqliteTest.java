package org.pbiexport.powerbi;

import org.pbiexport.testsupport.SqliteDatabase;

/** The credential store's data contract on SQLite. */
class CredentialStoreSqliteTest extends CredentialStoreDataContract implements SqliteDatabase {

}
