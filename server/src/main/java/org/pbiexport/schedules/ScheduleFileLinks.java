package org.pbiexport.schedules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.pbiexport.powerbi.SecretBox;
import org.pbiexport.web.ApiProblem;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Download links for files too large to attach: {@code /api/schedule-files/{token}}, the
 * token being the run, the link's expiry and an HMAC of both with the app's secret key
 * ({@link SecretBox#sign}), so a link cannot be made up, changed or extended, and works
 * without signing in until it expires. The file itself is kept in the metadata database,
 * so any instance of a cluster answers the link.
 */
@RestController
@Tag(name = "Schedules")
class ScheduleFileLinks implements ApplicationListener<WebServerInitializedEvent> {

	static final String PURPOSE = "schedule-file";

	private final SecretBox box;

	private final ScheduleStore store;

	private final ScheduleProperties properties;

	private final Clock clock;

	private volatile String ownUrl = "http://localhost:8080";

	ScheduleFileLinks(SecretBox box, ScheduleStore store, ScheduleProperties properties, Optional<Clock> clock) {
		this.box = box;
		this.store = store;
		this.properties = properties;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/** The link to a run's kept file, valid until {@code expires}. */
	String url(long runId, Instant expires) {
		String base = this.properties.publicUrl().isBlank() ? this.ownUrl
				: this.properties.publicUrl().replaceAll("/+$", "");
		return base + "/api/schedule-files/" + token(runId, expires);
	}

	String token(long runId, Instant expires) {
		String message = runId + "." + expires.getEpochSecond();
		return message + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(this.box.sign(message, PURPOSE));
	}

	/** The run a token names, when its signature holds and it has not expired. */
	Optional<Long> verify(String token, Instant now) {
		String[] parts = token.split("\\.");
		if (parts.length != 3 || !parts[0].matches("\\d{1,18}") || !parts[1].matches("\\d{1,18}")) {
			return Optional.empty();
		}
		byte[] expected = this.box.sign(parts[0] + "." + parts[1], PURPOSE);
		byte[] given;
		try {
			given = Base64.getUrlDecoder().decode(parts[2]);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		if (!MessageDigest.isEqual(expected, given) || Long.parseLong(parts[1]) <= now.getEpochSecond()) {
			return Optional.empty();
		}
		return Optional.of(Long.parseLong(parts[0]));
	}

	@GetMapping("/api/schedule-files/{token}")
	@Operation(operationId = "scheduleFile", summary = "A scheduled export's file, by the signed link its mail carried")
	ResponseEntity<byte[]> download(@PathVariable("token") String token) {
		Instant now = this.clock.instant();
		ScheduleStore.StoredFile file = verify(token, now).flatMap((run) -> this.store.file(run, now))
			.orElseThrow(() -> ApiProblem.notFound("This download link is not valid or has expired (links work for "
					+ this.properties.linkValidFor().toDays() + " days). Ask an admin to run the schedule again."));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(file.contentType()))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename(file.fileName(), StandardCharsets.UTF_8)
						.build()
						.toString())
			.header(HttpHeaders.CACHE_CONTROL, "private, no-store")
			.body(file.content());
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			this.ownUrl = "http://localhost:" + event.getWebServer().getPort()
					+ event.getApplicationContext().getEnvironment().getProperty("server.servlet.context-path", "");
		}
	}

}
