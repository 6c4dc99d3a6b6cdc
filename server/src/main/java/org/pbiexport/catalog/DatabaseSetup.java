package org.pbiexport.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The metadata database: SQLite in the data directory unless
 * {@code spring.datasource.url} names PostgreSQL or MariaDB/MySQL. Each has its own
 * migration folder with the same schema in its dialect
 * ({@code db/migration/sqlite|postgresql|mysql}).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseSetup {

	private static final Logger log = LoggerFactory.getLogger(DatabaseSetup.class);

	/**
	 * Creates the SQLite file's folder before the first connection, so a fresh data dir
	 * works.
	 */
	@Bean
	static BeanPostProcessor sqliteDataDirectory() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DataSourceProperties properties && properties.getUrl() != null
						&& properties.getUrl().startsWith("jdbc:sqlite:")) {
					createParentFolder(properties.getUrl());
				}
				return bean;
			}
		};
	}

	/**
	 * Write transactions that wait for SQLite's lock instead of failing, see the class.
	 */
	@Bean
	JdbcTransactionManager transactionManager(DataSource dataSource) {
		return new SqliteWriteTransactions(dataSource);
	}

	@Bean
	FlywayConfigurationCustomizer vendorMigrations() {
		return (configuration) -> {
			String vendor = vendor(configuration.getDataSource());
			configuration.locations("classpath:db/migration/" + vendor);
			log.info("Metadata database: {} (migrations from db/migration/{})", vendor, vendor);
		};
	}

	static String vendor(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return vendor(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot connect to the metadata database", ex);
		}
	}

	static String vendor(Connection connection) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
		if (product.contains("sqlite")) {
			return "sqlite";
		}
		if (product.contains("postgres")) {
			return "postgresql";
		}
		if (product.contains("mariadb") || product.contains("mysql")) {
			return "mysql";
		}
		throw new IllegalStateException(
				"Unsupported metadata database '" + product + "': use SQLite (default), PostgreSQL or MariaDB/MySQL");
	}

	/**
	 * The file of a {@code jdbc:sqlite:} address; empty for other databases and memory.
	 */
	static Optional<Path> sqliteFile(String url) {
		if (url == null || !url.startsWith("jdbc:sqlite:")) {
			return Optional.empty();
		}
		String file = url.substring("jdbc:sqlite:".length());
		int query = file.indexOf('?');
		if (query >= 0) {
			file = file.substring(0, query);
		}
		if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
			return Optional.empty();
		}
		return Optional.of(Paths.get(file).toAbsolutePath().normalize());
	}

	private static void createParentFolder(String url) {
		Optional<Path> file = sqliteFile(url);
		if (file.isEmpty()) {
			return;
		}
		Path parent = file.get().getParent();
		try {
			Files.createDirectories(parent);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the data directory " + parent, ex);
		}
	}

}
