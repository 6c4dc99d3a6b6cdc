package org.pbiexport.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes of a scaled-out deployment starting together on an empty database: each looks for
 * the admin, finds none and creates it, and all must start. The same settings as the
 * catalogue's data contract, so each database's subclass shares that context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "pbi-export.demo.seed=false", "pbi-export.admin.password=test-admin-pw" })
abstract class FirstAdminContract {

	static final int NODES = 6;

	@Autowired
	FirstAdmin firstAdmin;

	@Autowired
	JdbcClient jdbc;

	@Test
	void nodesStartingTogetherOnAnEmptyDatabaseAllStartWithOneAdmin() throws Exception {
		String hash = this.jdbc.sql("SELECT password_hash FROM users WHERE username = 'admin'")
			.query(String.class)
			.single();
		this.jdbc.sql("DELETE FROM users WHERE username = 'admin'").update();
		CyclicBarrier together = new CyclicBarrier(NODES);
		List<Callable<Void>> starts = new ArrayList<>();
		for (int i = 0; i < NODES; i++) {
			starts.add(() -> {
				together.await(30, TimeUnit.SECONDS);
				this.firstAdmin.afterSingletonsInstantiated();
				return null;
			});
		}
		ExecutorService nodes = Executors.newFixedThreadPool(NODES);
		try {
			for (Future<Void> start : nodes.invokeAll(starts, 2, TimeUnit.MINUTES)) {
				start.get();
			}
		}
		finally {
			nodes.shutdownNow();
			// The admin as the other tests of this context know it.
			this.jdbc.sql("UPDATE users SET password_hash = ? WHERE username = 'admin'").param(hash).update();
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM users WHERE username = 'admin'").query(Long.class).single())
			.isEqualTo(1);
	}

}
