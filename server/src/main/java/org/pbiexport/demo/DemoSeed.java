package org.pbiexport.demo;

import org.jspecify.annotations.Nullable;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.Report;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers the demo report on the first start, so a newcomer can export at once. A flag
 * in {@code app_state}, written in the same transaction, keeps a demo report that an
 * admin deleted from coming back.
 */
@Component
class DemoSeed implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoSeed.class);

	static final String FLAG = "demo.seeded";

	private final Catalog catalog;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final DemoProperties properties;

	DemoSeed(Catalog catalog, JdbcClient jdbc, TransactionTemplate transactions, DemoProperties properties) {
		this.catalog = catalog;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.properties.seed()) {
			seed();
		}
	}

	/**
	 * @return the report created, or null when the demo was seeded before
	 */
	@Nullable Report seed() {
		try {
			return this.transactions.execute((status) -> {
				if (seeded()) {
					return null;
				}
				Report report = this.catalog.create(DemoReport.draft(), "pbi-export");
				this.jdbc.sql("INSERT INTO app_state (name, state_value) VALUES (?, ?)")
					.params(FLAG, Long.toString(report.id().value()))
					.update();
				log.info("Registered the demo report '{}' as report {}", report.title(), report.id());
				return report;
			});
		}
		catch (DataAccessException ex) {
			// Our transaction, report included, was rolled back. If another node seeded
			// at the
			// same moment, its demo report is the one; any other failure is a real one.
			if (!seeded()) {
				throw ex;
			}
			log.info("The demo report was registered by another node");
			return null;
		}
	}

	private boolean seeded() {
		return this.jdbc.sql("SELECT COUNT(*) FROM app_state WHERE name = ?")
			.param(FLAG)
			.query(Long.class)
			.single() > 0;
	}

}
