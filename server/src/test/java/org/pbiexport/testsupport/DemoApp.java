package org.pbiexport.testsupport;

/**
 * The application as a first-time user starts it, with the demo report seeded, on a
 * SQLite file, with the admin password {@code test-admin-pw}. It is the very application
 * {@link SqliteApp} runs (one context in Spring's cache, not two): the name says that a
 * test relies on the demo report. Tests leave the demo report as they found it and find
 * their own reports by id.
 */
public abstract class DemoApp extends SqliteApp {

}
