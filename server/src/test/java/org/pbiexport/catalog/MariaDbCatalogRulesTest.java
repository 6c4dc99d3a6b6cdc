package org.pbiexport.catalog;

import org.pbiexport.testsupport.MariaDbDatabase;

/** The catalogue's rules at every way in, on MariaDb. */
class MariaDbCatalogRulesTest extends CatalogRulesContract implements MariaDbDatabase {

}
