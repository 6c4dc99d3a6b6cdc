package org.pbiexport.catalog;

import org.pbiexport.testsupport.PostgresDatabase;

/** The catalogue's rules at every way in, on Postgres. */
class PostgresCatalogRulesTest extends CatalogRulesContract implements PostgresDatabase {

}
