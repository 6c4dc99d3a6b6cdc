package org.pbiexport.catalog;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.pbiexport.testsupport.SqliteApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the default SQLite database, a transaction that reads and then writes while another
 * connection writes in between completes: the other write waits for it, instead of the
 * transaction failing with {@code SQLITE_BUSY_SNAPSHOT} ("database is locked"), as
 * creating a user did while the export log was written.
 */
class SqliteWriteTransactionsTest extends SqliteApp {

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aTransactionThatReadsThenWritesIsNotBrokenByAWriteOnAnotherConnection() throws Exception {
		this.jdbc.sql("CREATE TABLE IF NOT EXISTS lock_probe (id INTEGER PRIMARY KEY, writer TEXT)").update();
		CompletableFuture<Integer> other = new CompletableFuture<>();
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			this.jdbc.sql("SELECT COUNT(*) FROM lock_probe").query(Integer.class).single();
			Thread writer = new Thread(() -> {
				try {
					other.complete(this.jdbc.sql("INSERT INTO lock_probe (writer) VALUES ('other')").update());
				}
				catch (RuntimeException ex) {
					other.completeExceptionally(ex);
				}
			});
			writer.start();
			try {
				writer.join(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			assertThat(other).as("the other connection waits for this transaction's lock").isNotDone();
			this.jdbc.sql("INSERT INTO lock_probe (writer) VALUES ('transaction')").update();
		});
		assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT writer FROM lock_probe ORDER BY id").query(String.class).list())
			.containsSubsequence("transaction", "other");
	}

	@Test
	void readOnlyTransactionsDoNotTakeTheWriteLock() {
		this.jdbc.sql("CREATE TABLE IF NOT EXISTS lock_probe (id INTEGER PRIMARY KEY, writer TEXT)").update();
		TransactionTemplate readOnly = new TransactionTemplate(this.transactions);
		readOnly.setReadOnly(true);
		readOnly.executeWithoutResult((status) -> {
			this.jdbc.sql("SELECT COUNT(*) FROM lock_probe").query(Integer.class).single();
			CompletableFuture<Integer> other = CompletableFuture.supplyAsync(
					() -> this.jdbc.sql("INSERT INTO lock_probe (writer) VALUES ('beside a reader')").update());
			assertThat(other).succeedsWithin(java.time.Duration.ofSeconds(5)).isEqualTo(1);
		});
	}

}
