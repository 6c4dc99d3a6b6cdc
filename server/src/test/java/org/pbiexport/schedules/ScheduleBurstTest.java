package org.pbiexport.schedules;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.RenderSettings;
import org.pbiexport.catalog.ReportDraft;
import org.pbiexport.catalog.ReportId;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.Pictures;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A schedule with {@code each} mails one file per value: a zip whose entries are named by
 * the demo report's regions, each picture its own region's; a region whose render fails
 * is named in the mail and the run, which still delivers the others. Nothing of the run
 * is left on disk afterwards.
 */
class ScheduleBurstTest extends ScheduleApp {

	@Value("${pbi-export.data-dir}")
	Path dataDir;

	@Test
	void eachRegionIsOneFileOfTheMailedZipWithItsOwnPicture() throws Exception {
		Chromium.require();
		long id = created(schedule("Regional pack", "0 0 7 * * *", "UTC", "png").replace("\"enabled\": true",
				"\"enabled\": true, \"each\": \"Region\""));
		this.runner.start(this.store.find(id).orElseThrow(), "manual", null, "test").done().get(240, TimeUnit.SECONDS);

		Schedule.Run run = this.store.runs(id, 1).get(0);
		assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("sent");
		assertThat(run.error()).isNull();
		assertThat(run.delivery()).isEqualTo("attached");
		assertThat(run.fileName()).contains("Sales-demo").endsWith(".zip");
		assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
		BodyPart attachment = attachment((Multipart) MAIL.getReceivedMessages()[0].getContent());
		assertThat(attachment.getContentType()).startsWith("application/zip");
		assertThat(attachment.getFileName()).isEqualTo(run.fileName());
		byte[] zip = attachment.getInputStream().readAllBytes();
		assertThat((long) zip.length).isEqualTo(run.fileSize());

		Map<String, BufferedImage> pictures = Pictures.unzip(zip);
		assertThat(pictures.keySet()).containsExactlyInAnyOrder("North.png", "South.png", "East.png", "West.png",
				"Côte d'Azur.png");
		assertThat(pictures.values()).allMatch((picture) -> picture.getWidth() == 1280);
		assertThat(pictures.values().stream().map(ScheduleBurstTest::pixels).distinct())
			.as("each region's own picture: five different images")
			.hasSize(5);
		assertThat(leftOnDisk()).as("the run's zip is dropped once mailed").isEmpty();
	}

	@Test
	void aRegionThatFailsIsNamedWhileTheOthersAreMailed() throws Exception {
		Chromium.require();
		ReportDraft demo = this.catalog.find(new ReportId(demoReport())).orElseThrow().draft();
		long failsForWest = this.catalog
			.create(new ReportDraft("Fails for West " + UUID.randomUUID(), demo.description(),
					"/demo/report?error_when=West", "demo", "url",
					new RenderSettings(null, null, 120_000, null, null, null, false), true, demo.pages(),
					demo.filters()), "test")
			.id()
			.value();
		String document = schedule("Partly failing", "0 0 7 * * *", "UTC", "png")
			.replace("\"report_id\": " + demoReport(), "\"report_id\": " + failsForWest)
			.replace("\"enabled\": true",
					"\"enabled\": true, \"each\": \"Region\", \"each_values\": [\"North\", \"West\"]");
		long id = created(document);
		this.runner.start(this.store.find(id).orElseThrow(), "manual", null, "test").done().get(240, TimeUnit.SECONDS);

		Schedule.Run run = this.store.runs(id, 1).get(0);
		assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("sent");
		assertThat(run.error()).startsWith("Sent 1 of 2 values; not exported: 'West': ").contains("error_when");
		assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
		MimeMessage mail = MAIL.getReceivedMessages()[0];
		assertThat(Pictures.unzip(attachment((Multipart) mail.getContent()).getInputStream().readAllBytes()).keySet())
			.containsExactly("North.png");

		// Every value failing is a failed run that names them.
		long allFail = created(document.replace("\"North\", ", "").replace("Partly failing", "All failing"));
		this.runner.start(this.store.find(allFail).orElseThrow(), "manual", null, "test")
			.done()
			.get(240, TimeUnit.SECONDS);
		Schedule.Run failed = this.store.runs(allFail, 1).get(0);
		assertThat(failed.status()).isEqualTo("failed");
		assertThat(failed.error()).startsWith("The export failed: None of the 1 values could be exported: 'West': ");
		assertThat(MAIL.getReceivedMessages()).hasSize(1);
	}

	private List<Path> leftOnDisk() throws IOException {
		Path folder = this.dataDir.resolve("export-jobs");
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter((file) -> file.getFileName().toString().startsWith("schedule-")).toList();
		}
	}

	private static int pixels(BufferedImage image) {
		return Arrays.hashCode(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()));
	}

	private static BodyPart attachment(Multipart multipart) throws Exception {
		for (int i = 0; i < multipart.getCount(); i++) {
			BodyPart part = multipart.getBodyPart(i);
			if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
				return part;
			}
		}
		throw new AssertionError("the mail has no attachment");
	}

}
