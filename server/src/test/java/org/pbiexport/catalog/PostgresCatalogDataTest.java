package org.pbiexport.catalog;

import org.pbiexport.testsupport.PostgresDatabase;

/** The catalogue's data contract on Postgres. */
class PostgresCatalogDataTest extends CatalogDataContract implements PostgresDatabase {

}
