package org.pbiexport.powerbi;

import org.pbiexport.testsupport.MariaDbDatabase;

/** The credential store's data contract on MariaDB. */
class CredentialStoreMariaDbTest extends CredentialStoreDataContract implements MariaDbDatabase {

}
