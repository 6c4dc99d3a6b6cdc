package org.pbiexport.audit;

import org.pbiexport.testsupport.PostgresDatabase;

/** The export log's data contract on PostgreSQL. */
class PostgresExportLogTest extends ExportLogDataContract implements PostgresDatabase {

}
