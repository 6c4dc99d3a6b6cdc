package org.pbiexport.catalog;

import org.pbiexport.testsupport.SqliteDatabase;

/** The catalogue's rules at every way in, on Sqlite. */
class SqliteCatalogRulesTest extends CatalogRulesContract implements SqliteDatabase {

}
