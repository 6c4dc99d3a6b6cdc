package org.pbiexport.catalog;

import org.pbiexport.testsupport.MariaDbDatabase;

/** The catalogue's data contract on MariaDb. */
class MariaDbCatalogDataTest extends CatalogDataContract implements MariaDbDatabase {

}
