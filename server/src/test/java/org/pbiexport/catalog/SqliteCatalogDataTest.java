package org.pbiexport.catalog;

import org.pbiexport.testsupport.SqliteDatabase;

/** The catalogue's data contract on Sqlite. */
class SqliteCatalogDataTest extends CatalogDataContract implements SqliteDatabase {

}
