package org.pbiexport.schedules;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.pbiexport.export.ScheduledExports;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.Http;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.unit.DataSize;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Schedules deliver by the clock: a real SMTP server receives the demo report's image at
 * the time the cron expression says; a refusal is a failed run in words; missed runs are
 * made up once; two instances on one database send one mail per run.
 */
class ScheduleDeliveryTest extends ScheduleApp {

	private static final Duration RENDER = Duration.ofSeconds(120);

	@Autowired
	JavaMailSenderImpl mailSender;

	@Autowired
	ScheduledExports exports;

	@Autowired
	ScheduleMail mail;

	@Autowired
	ScheduleFileLinks links;

	@Test
	void aDueScheduleMailsTheDemoReportAttachedAtTheTimeItsCronSays() throws Exception {
		Chromium.require();
		CLOCK.set(Instant.parse("2026-03-02T05:59:00Z")); // 06:59 in Berlin
		JsonNode created = this.admin
			.post("/api/admin/schedules", schedule("Morning sales", "0 0 7 * * *", "Europe/Berlin", "png"))
			.json();
		long id = created.get("schedule_id").asLong();
		assertThat(created.get("next_runs").get(0).asString()).isEqualTo("2026-03-02T07:00:00+01:00");

		assertThat(this.ticker.due().tick()).as("not due a minute early").isEmpty();
		CLOCK.set(Instant.parse("2026-03-02T06:00:05Z"));
		List<ScheduleRunner.Started> started = this.ticker.due().tick();
		assertThat(started).hasSize(1);
		started.get(0).done().get(RENDER.toSeconds(), TimeUnit.SECONDS);

		assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
		MimeMessage mail = MAIL.getReceivedMessages()[0];
		assertThat(mail.getSubject()).isEqualTo("Sales 2026-03-02");
		assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("bi-team@example.com");
		BodyPart attachment = attachment((Multipart) mail.getContent());
		assertThat(attachment.getContentType()).startsWith("image/png");
		assertThat(attachment.getFileName()).endsWith(".png").contains("Sales-demo");
		byte[] png = attachment.getInputStream().readAllBytes();
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(image.getWidth()).isEqualTo(1280);
		assertThat(image.getHeight()).isEqualTo(720);
		assertThat(distinctColours(image)).as("a drawn report, not a blank page").isGreaterThan(10);

		JsonNode run = this.admin.get("/api/admin/schedules/" + id + "/runs").json().get("runs").get(0);
		assertThat(run.get("status").asString()).isEqualTo("sent");
		assertThat(run.get("trigger").asString()).isEqualTo("cron");
		assertThat(run.get("due_at").asString()).isEqualTo("2026-03-02T06:00:00Z");
		assertThat(run.get("delivery").asString()).isEqualTo("attached");
		assertThat(run.get("file_size").asLong()).isEqualTo(png.length);
		assertThat(run.get("error").isNull()).isTrue();
		assertThat(this.admin.get("/api/admin/schedules/" + id).json().get("next_runs").get(0).asString())
			.isEqualTo("2026-03-03T07:00:00+01:00");
	}

	@Test
	void missedRunsAfterDowntimeRunOnce() throws Exception {
		Chromium.require();
		CLOCK.set(Instant.parse("2026-03-02T08:30:00Z"));
		long id = created(schedule("Hourly", "0 0 * * * *", "UTC", "png"));
		CLOCK.advance(Duration.ofHours(5)); // down from 09:00 to 13:30: five runs missed
		List<ScheduleRunner.Started> started = this.ticker.due().tick();
		assertThat(started).hasSize(1);
		started.get(0).done().get(RENDER.toSeconds(), TimeUnit.SECONDS);
		assertThat(this.ticker.due().tick()).isEmpty();

		assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
		assertThat(MAIL.getReceivedMessages()).hasSize(1);
		assertThat(this.store.runs(id, 10)).hasSize(1);
		assertThat(this.store.find(id).orElseThrow().nextRun()).isEqualTo(Instant.parse("2026-03-02T14:00:00Z"));
	}

	@Test
	void twoInstancesOnOneDatabaseSendOneMailPerRun() throws Exception {
		Chromium.require();
		CLOCK.set(Instant.parse("2026-03-02T08:30:00Z"));
		long id = created(schedule("Hourly pair", "0 0 * * * *", "UTC", "png"));
		DueRuns nodeA = new DueRuns(this.store, this.runner, CLOCK, "node-a");
		DueRuns nodeB = new DueRuns(this.store, this.runner, CLOCK, "node-b");
		ExecutorService nodes = Executors.newFixedThreadPool(2);
		try {
			for (int slot = 1; slot <= 3; slot++) {
				CLOCK.advance(Duration.ofHours(1));
				CountDownLatch go = new CountDownLatch(1);
				Future<List<ScheduleRunner.Started>> a = nodes.submit(() -> {
					go.await();
					return nodeA.tick();
				});
				Future<List<ScheduleRunner.Started>> b = nodes.submit(() -> {
					go.await();
					return nodeB.tick();
				});
				go.countDown();
				List<ScheduleRunner.Started> started = new ArrayList<>(a.get(30, TimeUnit.SECONDS));
				started.addAll(b.get(30, TimeUnit.SECONDS));
				assertThat(started).as("runs started for slot %d", slot).hasSize(1);
				started.get(0).done().get(RENDER.toSeconds(), TimeUnit.SECONDS);
				assertThat(MAIL.waitForIncomingEmail(10_000, slot)).isTrue();
			}
		}
		finally {
			nodes.shutdownNow();
		}
		// The same race without luck: both instances have read the schedule as due; one
		// claim wins.
		CLOCK.advance(Duration.ofHours(1));
		Schedule seenByA = this.store.due(CLOCK.instant()).get(0);
		Schedule seenByB = this.store.due(CLOCK.instant()).get(0);
		Instant next = CLOCK.instant().plus(Duration.ofHours(1));
		assertThat(this.store.claim(seenByA.id(), seenByA.nextRun(), next)).isTrue();
		assertThat(this.store.claim(seenByB.id(), seenByB.nextRun(), next)).isFalse();
		Thread.sleep(500); // a second mail for a slot would have arrived by now
		assertThat(MAIL.getReceivedMessages()).hasSize(3);
		List<Schedule.Run> runs = this.store.runs(id, 10);
		assertThat(runs).hasSize(3).allMatch((run) -> run.status().equals("sent"));
		assertThat(runs).extracting(Schedule.Run::dueAt)
			.containsExactlyInAnyOrder(Instant.parse("2026-03-02T09:00:00Z"), Instant.parse("2026-03-02T10:00:00Z"),
					Instant.parse("2026-03-02T11:00:00Z"));
	}

	@Test
	void aRefusedMailIsAFailedRunWithTheServersAnswer() throws Exception {
		Chromium.require();
		long id = created(schedule("Refused", "0 0 7 * * *", "UTC", "png"));
		int mailPort = this.mailSender.getPort();
		try (RefusingSmtp refusing = new RefusingSmtp()) {
			this.mailSender.setPort(refusing.port());
			Http.Response started = this.admin.post("/api/admin/schedules/" + id + "/run", "");
			assertThat(started.status()).isEqualTo(202);
			await().atMost(RENDER).until(() -> !this.store.runs(id, 1).get(0).status().equals("running"));
		}
		finally {
			this.mailSender.setPort(mailPort);
		}
		JsonNode run = this.admin.get("/api/admin/schedules/" + id + "/runs").json().get("runs").get(0);
		assertThat(run.get("status").asString()).isEqualTo("failed");
		assertThat(run.get("trigger").asString()).isEqualTo("manual");
		assertThat(run.get("error").asString()).startsWith("The mail server refused the mail: ")
			.contains(RefusingSmtp.REFUSAL);
		assertThat(run.get("finished_at").isNull()).isFalse();
		assertThat(MAIL.getReceivedMessages()).isEmpty();
	}

	@Test
	void aFileAboveTheAttachmentLimitIsMailedAsASignedLinkThatServesIt() throws Exception {
		Chromium.require();
		long id = created(schedule("Large", "0 0 7 * * *", "UTC", "png"));
		ScheduleProperties small = new ScheduleProperties(DataSize.ofBytes(1000), Duration.ofDays(2),
				Duration.ofHours(1), "pbi-export@test.local", "", 50);
		ScheduleRunner limited = new ScheduleRunner(this.store, this.exports, this.mail, this.links, small,
				Optional.of(CLOCK));
		try {
			limited.start(this.store.find(id).orElseThrow(), "manual", null, "test")
				.done()
				.get(RENDER.toSeconds(), TimeUnit.SECONDS);
		}
		finally {
			limited.destroy();
		}
		assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
		String text = plainText(MAIL.getReceivedMessages()[0]);
		assertThat(text).contains("too large to attach");
		Matcher link = Pattern.compile("http://localhost:\\d+(/api/schedule-files/[\\w.-]+)").matcher(text);
		assertThat(link.find()).as(text).isTrue();
		Schedule.Run run = this.store.runs(id, 1).get(0);
		assertThat(run.status()).isEqualTo("sent");
		assertThat(run.delivery()).isEqualTo("link");
		byte[] png = new Http(this.port).download(link.group(1)).body();
		assertThat(png).hasSize(run.fileSize().intValue());
		assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(1280);
	}

	/** The mail's text as people read it, decoded. */
	private static String plainText(Part part) throws Exception {
		if (part.isMimeType("text/plain")) {
			return (String) part.getContent();
		}
		if (part.getContent() instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				String text = plainText(multipart.getBodyPart(i));
				if (!text.isEmpty()) {
					return text;
				}
			}
		}
		return "";
	}

	private static BodyPart attachment(Multipart multipart) throws Exception {
		BodyPart found = find(multipart);
		assertThat(found).as("the mail's attachment").isNotNull();
		return found;
	}

	private static BodyPart find(Multipart multipart) throws Exception {
		for (int i = 0; i < multipart.getCount(); i++) {
			BodyPart part = multipart.getBodyPart(i);
			if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
				return part;
			}
			if (part.getContent() instanceof Multipart nested && find(nested) != null) {
				return find(nested);
			}
		}
		return null;
	}

	private static long distinctColours(BufferedImage image) {
		java.util.Set<Integer> colours = new java.util.HashSet<>();
		for (int y = 0; y < image.getHeight(); y += 8) {
			for (int x = 0; x < image.getWidth(); x += 8) {
				colours.add(image.getRGB(x, y));
			}
		}
		return colours.size();
	}

}
