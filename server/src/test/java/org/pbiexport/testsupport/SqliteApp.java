package org.pbiexport.testsupport;

/**
 * The application as it runs by default, on a SQLite file, with the admin password
 * {@code test-admin-pw}: one running server that every test class extending this (or
 * {@link DemoApp}, the same application) shares, along with the SQLite data contracts.
 * The demo report is seeded; tests find their own reports by id or by a title of their
 * own. See {@link RunningApp} for what sharing asks of a test.
 */
public abstract class SqliteApp extends RunningApp implements SqliteDatabase {

}
