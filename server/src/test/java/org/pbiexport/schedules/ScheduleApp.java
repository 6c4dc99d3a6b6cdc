package org.pbiexport.schedules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.BeforeEach;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.Reports;
import org.pbiexport.testsupport.SqliteDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one application the schedule tests share: the demo report on SQLite, a real SMTP
 * server (GreenMail on a free loopback port) behind {@code spring.mail.*}, and a clock
 * the tests set ({@link #CLOCK}), so a cron expression comes due when a test says. The
 * instance's own poll is an hour apart: the tests look for due runs themselves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pbi-export.admin.password=test-admin-pw", "spring.mail.host=127.0.0.1",
				"pbi-export.schedules.poll=1h", "pbi-export.schedules.from=pbi-export@test.local",
				// the first render starts Chromium; on a busy two-core machine that alone
				// took 30 s
				"pbi-export.export.timeout=120s" })
@AutoConfigureMockMvc
@Import(ScheduleApp.Clocks.class)
abstract class ScheduleApp implements SqliteDatabase {

	static final GreenMail MAIL = startMail();

	static final SettableClock CLOCK = new SettableClock(Instant.parse("2026-03-02T05:00:00Z"));

	@DynamicPropertySource
	static void mailServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
	}

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	Catalog catalog;

	@Autowired
	ScheduleStore store;

	@Autowired
	ScheduleRunner runner;

	@Autowired
	ScheduleTicker ticker;

	Http admin;

	@BeforeEach
	void cleanSlate() throws Exception {
		this.admin = new Http(this.port).as("admin", "test-admin-pw");
		MAIL.purgeEmailFromAllMailboxes();
		this.store.list().forEach((schedule) -> this.store.delete(schedule.id()));
	}

	long demoReport() {
		return Reports.idOf(this.catalog, "Sales demo");
	}

	/** Makes the schedule through the admin API; its id. */
	long created(String document) {
		Http.Response response = this.admin.post("/api/admin/schedules", document);
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json().get("schedule_id").asLong();
	}

	String schedule(String name, String cron, String zone, String format) {
		return """
				{"name": "%s", "report_id": %d, "pages": ["ReportSection1a2b3c4d5e"], "format": "%s",
				 "filters": {"Year": 2024}, "cron": "%s", "time_zone": "%s",
				 "recipients": ["bi-team@example.com"], "subject": "Sales {date}", "enabled": true}""".formatted(name,
				demoReport(), format, cron, zone);
	}

	private static GreenMail startMail() {
		int port;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		mail.start();
		Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
		return mail;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		Clock clock() {
			return CLOCK;
		}

	}

	/** A clock that stands still where a test puts it. */
	static final class SettableClock extends Clock {

		private final AtomicReference<Instant> now;

		SettableClock(Instant start) {
			this.now = new AtomicReference<>(start);
		}

		void set(Instant instant) {
			this.now.set(instant);
		}

		void advance(Duration duration) {
			this.now.updateAndGet((instant) -> instant.plus(duration));
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

	}

}
