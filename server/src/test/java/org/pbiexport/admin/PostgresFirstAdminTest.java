package org.pbiexport.admin;

import org.pbiexport.testsupport.PostgresDatabase;

/** Nodes starting together on Postgres. */
class PostgresFirstAdminTest extends FirstAdminContract implements PostgresDatabase {

}
