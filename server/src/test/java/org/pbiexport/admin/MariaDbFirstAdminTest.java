package org.pbiexport.admin;

import org.pbiexport.testsupport.MariaDbDatabase;

/** Nodes starting together on MariaDB. */
class MariaDbFirstAdminTest extends FirstAdminContract implements MariaDbDatabase {

}
