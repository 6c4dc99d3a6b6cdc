package org.pbiexport.powerbi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.pbiexport.powerbi.CredentialStore.CredentialView;
import org.pbiexport.testsupport.RunningApp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the credential store must do on every supported metadata database. Each subclass
 * runs it against one database (SQLite file, PostgreSQL or MariaDB) after the same Flyway
 * migrations, in the application that every test of that database shares
 * ({@link RunningApp}).
 */
abstract class CredentialStoreDataContract extends RunningApp {

	static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

	static final String CLIENT = "5b218778-e7a5-4d73-8187-f10824047715";

	@Autowired
	CredentialStore store;

	@Autowired
	JdbcClient jdbc;

	static Credential principal(String name, String secret) {
		return new Credential(name, CredentialKind.SERVICE_PRINCIPAL, TENANT, CLIENT, null, null, secret);
	}

	static Credential windows(String name, String username, String origin, String secret) {
		return new Credential(name, CredentialKind.WINDOWS, null, null, username, origin, secret);
	}

	@Test
	void storesListsFindsAndDeletes() {
		CredentialView added = this.store.create(principal("b-principal", "sp-secret-1"), "alice");
		this.store.create(windows("A-account", "CONTOSO\\Zoë", "HTTPS://Reports.Contoso.local:443", "pässwörd 🔑"),
				"bob");

		assertThat(added.secretSet()).isTrue();
		assertThat(added.updatedBy()).isEqualTo("alice");
		assertThat(added.createdAt()).isEqualTo(added.updatedAt());
		assertThat(this.store.list()).extracting(CredentialView::name).containsSubsequence("A-account", "b-principal");
		Credential principal = this.store.find("b-principal").orElseThrow();
		assertThat(principal).isEqualTo(principal("b-principal", "sp-secret-1"));
		Credential account = this.store.find("A-account").orElseThrow();
		assertThat(account.secret()).isEqualTo("pässwörd 🔑");
		assertThat(account.username()).isEqualTo("CONTOSO\\Zoë");
		assertThat(account.origin()).as("as browsers write origins").isEqualTo("https://reports.contoso.local");
		assertThat(this.store.describe("A-account").orElseThrow().kind()).isEqualTo(CredentialKind.WINDOWS);
		assertThat(this.store.find("a-account")).as("names are exact").isEmpty();

		this.store.delete("b-principal", "carol");

		assertThat(this.store.find("b-principal")).isEmpty();
		assertThat(this.store.list()).extracting(CredentialView::name).doesNotContain("b-principal");
		assertThatThrownBy(() -> this.store.delete("b-principal", "carol"))
			.isInstanceOf(CredentialStore.UnknownCredential.class);
	}

	@Test
	void anUpdateWithoutASecretKeepsTheStoredOne() {
		this.store.create(windows("rs-keep", "svc", "https://rs.example.com", "first-password"), "alice");

		CredentialView changed = this.store.update("rs-keep",
				windows(null, "svc2", "https://rs2.example.com:8443", null), "bob");

		assertThat(changed.updatedBy()).isEqualTo("bob");
		assertThat(this.store.find("rs-keep").orElseThrow())
			.isEqualTo(windows("rs-keep", "svc2", "https://rs2.example.com:8443", "first-password"));

		this.store.update("rs-keep", windows("rs-keep", "svc2", "https://rs2.example.com:8443", "second-password"),
				"carol");

		assertThat(this.store.find("rs-keep").orElseThrow().secret()).isEqualTo("second-password");
		assertThat(this.store.describe("rs-keep").orElseThrow().updatedBy()).isEqualTo("carol");
	}

	@Test
	void nameAndKindDoNotChange() {
		this.store.create(principal("sp-fixed", "secret"), "alice");

		assertThatThrownBy(() -> this.store.update("sp-fixed", principal("sp-renamed", null), "bob"))
			.isInstanceOfSatisfying(CredentialStore.InvalidCredential.class,
					(ex) -> assertThat(ex.problems()).extracting(CredentialStore.Problem::field)
						.containsExactly("name"));
		assertThatThrownBy(
				() -> this.store.update("sp-fixed", windows("sp-fixed", "svc", "https://rs.example.com", "pw"), "bob"))
			.isInstanceOfSatisfying(CredentialStore.InvalidCredential.class,
					(ex) -> assertThat(ex.problems()).extracting(CredentialStore.Problem::field)
						.containsExactly("kind"));
		assertThatThrownBy(() -> this.store.update("no-such", principal("no-such", null), "bob"))
			.isInstanceOf(CredentialStore.UnknownCredential.class);
		assertThat(this.store.find("sp-fixed").orElseThrow()).isEqualTo(principal("sp-fixed", "secret"));
		assertThat(this.store.describe("sp-fixed").orElseThrow().updatedBy()).isEqualTo("alice");
	}

	@Test
	void namesAreUniqueIgnoringCaseAndAFailedAddWritesNothing() {
		this.store.create(principal("Store-Contoso-SP", "one"), "alice");

		assertThatThrownBy(() -> this.store.create(principal("Store-Contoso-SP", "two"), "bob"))
			.isInstanceOf(CredentialStore.CredentialExists.class);
		assertThatThrownBy(() -> this.store.create(principal("store-contoso-sp", "three"), "bob"))
			.isInstanceOf(CredentialStore.CredentialExists.class);

		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM credentials WHERE LOWER(name) = 'store-contoso-sp'")
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(this.store.find("Store-Contoso-SP").orElseThrow().secret()).isEqualTo("one");
	}

	@Test
	void ofSeveralAddsOfOneNameAtOnceExactlyOneWins() throws Exception {
		int writers = 6;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int i = 0; i < writers; i++) {
				String secret = "secret-" + i;
				Callable<Boolean> add = () -> {
					start.await();
					try {
						this.store.create(principal("raced", secret), "writer");
						return true;
					}
					catch (CredentialStore.CredentialExists ex) {
						return false;
					}
				};
				results.add(pool.submit(add));
			}
			start.countDown();
			int won = 0;
			for (Future<Boolean> result : results) {
				won += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
			}
			assertThat(won).isEqualTo(1);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("an add failed otherwise than with CredentialExists", ex.getCause());
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.store.find("raced").orElseThrow().secret()).startsWith("secret-");
	}

	@Test
	void anInvalidCredentialIsRefusedWithOneProblemPerFieldAndNothingIsWritten() {
		long before = count();

		assertThatThrownBy(() -> this.store.create(new Credential("bad name!", CredentialKind.SERVICE_PRINCIPAL,
				"not a tenant", "not-a-guid", "someone", null, null), "alice"))
			.isInstanceOfSatisfying(CredentialStore.InvalidCredential.class,
					(ex) -> assertThat(ex.problems()).extracting(CredentialStore.Problem::field)
						.containsExactly("name", "tenant_id", "client_id", "username", "client_secret"));
		assertThatThrownBy(() -> this.store
			.create(windows("rs-bad", "a:b", "https://reports.contoso.local/reports", "secret-not-shown"), "alice"))
			.isInstanceOfSatisfying(CredentialStore.InvalidCredential.class, (ex) -> {
				assertThat(ex.problems()).extracting(CredentialStore.Problem::field)
					.containsExactly("username", "origin");
				assertThat(ex.getMessage()).doesNotContain("secret-not-shown");
			});

		assertThat(count()).isEqualTo(before);
	}

	@Test
	void secretsAreStoredEncryptedAndBoundToTheirRow() {
		this.store.create(principal("sp-one", "first-clear-secret"), "alice");
		this.store.create(windows("rs-two", "svc", "https://rs.example.com", "second-clear-secret"), "alice");
		String first = cipher("sp-one");
		String second = cipher("rs-two");

		assertThat(first).startsWith("v1:").doesNotContain("first-clear-secret");
		assertThat(second).startsWith("v1:").doesNotContain("second-clear-secret");

		// Someone with write access to the database moves a secret to another row, or
		// sends an account to another origin: neither can be opened.
		this.jdbc.sql("UPDATE credentials SET secret_cipher = ? WHERE name = ?").params(first, "rs-two").update();
		assertThatThrownBy(() -> this.store.find("rs-two")).isInstanceOf(SecretBox.SecretUnreadable.class)
			.hasMessageNotContaining("clear-secret");
		this.jdbc.sql("UPDATE credentials SET secret_cipher = ?, origin = ? WHERE name = ?")
			.params(second, "https://evil.example.com", "rs-two")
			.update();
		assertThatThrownBy(() -> this.store.find("rs-two")).isInstanceOf(SecretBox.SecretUnreadable.class);
		assertThat(this.store.find("sp-one").orElseThrow().secret()).isEqualTo("first-clear-secret");
	}

	private String cipher(String name) {
		return this.jdbc.sql("SELECT secret_cipher FROM credentials WHERE name = ?")
			.param(name)
			.query(String.class)
			.single();
	}

	private long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM credentials").query(Long.class).single();
	}

}
