package org.pbiexport.audit;

import org.pbiexport.testsupport.MariaDbDatabase;

/** The export log's data contract on MariaDB. */
class MariaDbExportLogTest extends ExportLogDataContract implements MariaDbDatabase {

}
