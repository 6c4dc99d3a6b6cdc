package org.pbiexport.audit;

import org.pbiexport.testsupport.SqliteDatabase;

/** The export log's data contract on SQLite. */
class SqliteExportLogTest extends ExportLogDataContract implements SqliteDatabase {

}
