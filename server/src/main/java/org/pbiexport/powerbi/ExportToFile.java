package org.pbiexport.powerbi;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

/**
 * Power BI's Export To File REST API (docs/powerbi-rules.md): no browser, needs capacity.
 * Starts an export, polls it honouring {@code Retry-After}, retries busy answers within
 * the deadline and downloads the file.
 *
 * <p>
 * A capacity runs only so many exports at once and answers more with 429, so each
 * credential has at most {@code exports-per-credential} exports in flight here; the
 * others wait their turn, fairly, within their own deadline.
 */
@Component
public class ExportToFile {

	private static final Logger log = LoggerFactory.getLogger(ExportToFile.class);

	/**
	 * Between polls when Power BI gives no {@code Retry-After} (its documentation says
	 * the header is not always there).
	 */
	static final Duration DEFAULT_POLL_WAIT = Duration.ofSeconds(5);

	/** Before starting again after a busy answer that does not say how long to wait. */
	static final Duration DEFAULT_BUSY_WAIT = Duration.ofSeconds(30);

	private final PowerBiClient client;

	private final PowerBiRest rest;

	private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

	public enum Format {

		PNG, PDF, PPTX

	}

	/**
	 * The file Power BI produced: {@code extension} is its {@code resourceFileExtension}
	 * ({@code .pdf}, {@code .png}, or {@code .zip} for several PNG pages).
	 */
	public record ExportedFile(byte[] bytes, String extension) {
	}

	public ExportToFile(PowerBiClient client) {
		this.client = client;
		this.rest = client.rest();
	}

	/**
	 * Exports the pages (Power BI's internal names, in order) with one report-level
	 * filter (the URL filter expression, or null), waiting until {@code deadline} at
	 * most.
	 * @throws PowerBiFailed when Power BI failed the export for good (its message)
	 * @throws PowerBiTimedOut when it did not finish by the deadline
	 */
	public ExportedFile export(Credential servicePrincipal, String workspaceId, String reportId, Format format,
			List<String> pageNames, @Nullable String filter, @Nullable EffectiveIdentity identity,
			@Nullable Instant deadline) {
		PowerBiApiProperties properties = this.client.properties();
		Instant pollLimit = Instant.now().plus(properties.exportPollTimeout());
		Instant limit = (deadline != null && deadline.isBefore(pollLimit)) ? deadline : pollLimit;
		Job job = new Job(servicePrincipal, workspaceId, reportId, format, pageNames.size(), limit);
		if (job.left().isNegative() || job.left().isZero()) {
			throw new PowerBiTimedOut("No time was left to export " + job.subject() + ".");
		}
		int perCredential = Math.max(1, properties.exportsPerCredential());
		Semaphore credentialSlots = this.slots.computeIfAbsent(servicePrincipal.name(),
				(name) -> new Semaphore(perCredential, true));
		acquire(credentialSlots, job, perCredential);
		try {
			return run(job, request(job, pageNames, filter, identity));
		}
		finally {
			credentialSlots.release();
		}
	}

	/** One export's fixed facts. */
	private record Job(Credential credential, String workspaceId, String reportId, Format format, int pages,
			Instant limit) {

		String subject() {
			return PowerBiClient.describe(this.workspaceId, this.reportId);
		}

		Duration left() {
			return Duration.between(Instant.now(), this.limit);
		}

	}

	private Map<String, Object> request(Job job, List<String> pageNames, @Nullable String filter,
			@Nullable EffectiveIdentity identity) {
		Map<String, Object> configuration = new LinkedHashMap<>();
		if (pageNames != null && !pageNames.isEmpty()) {
			configuration.put("pages", pageNames.stream().map((name) -> Map.of("pageName", name)).toList());
		}
		if (filter != null && !filter.isBlank()) {
			configuration.put("reportLevelFilters", List.of(Map.of("filter", filter)));
		}
		if (identity != null) {
			String datasetId = this.client.report(job.credential(), job.workspaceId(), job.reportId()).datasetId();
			configuration.put("identities", List.of(PowerBiClient.identity(identity, datasetId)));
		}
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("format", job.format().name());
		request.put("powerBIReportConfiguration", configuration);
		return request;
	}

	/**
	 * Starts the export and follows it to its end; a busy capacity (429, or Failed with
	 * {@code Retry-After}) means waiting as told and starting again.
	 */
	private ExportedFile run(Job job, Map<String, Object> request) {
		URI exportTo = this.rest.api("groups", job.workspaceId(), "reports", job.reportId(), "ExportTo");
		while (true) {
			PowerBiHttp.Answer started = this.client.rest()
				.send(job.credential(), HttpMethod.POST, exportTo, request, Duration.ZERO);
			if (started.status() == 429) {
				waitWhileBusy(job, started, "answered 429: too many exports");
				continue;
			}
			if (!started.successful()) {
				throw this.rest.refusal(job.credential(), started, "start an export of", job.subject());
			}
			JsonNode export = this.rest.http().json(started);
			String exportId = PowerBiHttp.text(export, "id");
			if (exportId == null) {
				throw new PowerBiFailed("Power BI accepted the export of " + job.subject() + " without an export id.");
			}
			log.info("Export {} of {} as {} started for credential '{}'", exportId, job.subject(), job.format(),
					job.credential().name());
			PowerBiHttp.Answer ended = follow(job, exportId, started);
			JsonNode status = this.rest.http().json(ended);
			if ("Succeeded".equals(PowerBiHttp.text(status, "status"))) {
				return download(job, exportId, status);
			}
			waitWhileBusy(job, ended, "failed export " + exportId + " as busy");
		}
	}

	/**
	 * Polls until the export succeeded or failed as busy (the answer is returned), or
	 * failed for good (thrown).
	 */
	private PowerBiHttp.Answer follow(Job job, String exportId, PowerBiHttp.Answer started) {
		URI statusUri = this.client.rest()
			.api("groups", job.workspaceId(), "reports", job.reportId(), "exports", exportId);
		PowerBiHttp.Answer answer = started;
		int percent = -1;
		while (true) {
			JsonNode status = this.rest.http().json(answer);
			String state = PowerBiHttp.text(status, "status");
			if ("Succeeded".equals(state)) {
				return answer;
			}
			if ("Failed".equals(state)) {
				if (answer.retryAfter().isPresent()) {
					return answer;
				}
				String reason = reason(status.path("error"));
				log.warn("Export {} of {} failed: {}", exportId, job.subject(), reason);
				throw new PowerBiFailed("Power BI failed the export of " + job.subject() + ": " + reason);
			}
			int now = status.path("percentComplete").asInt(0);
			if (now != percent) {
				log.info("Export {} of {}: {} {} %", exportId, job.subject(), state, now);
				percent = now;
			}
			pause(job, answer.retryAfter().orElse(DEFAULT_POLL_WAIT), state, percent);
			answer = this.rest.send(job.credential(), HttpMethod.GET, statusUri, null, Duration.ZERO);
			while (answer.status() == 429) {
				waitWhileBusy(job, answer, "answered a status poll of export " + exportId + " with 429");
				answer = this.rest.send(job.credential(), HttpMethod.GET, statusUri, null, Duration.ZERO);
			}
			if (!answer.successful()) {
				throw this.client.rest()
					.refusal(job.credential(), answer, "report the status of export " + exportId + " of",
							job.subject());
			}
		}
	}

	private ExportedFile download(Job job, String exportId, JsonNode status) {
		PowerBiHttp.Answer file = this.client.rest()
			.send(job.credential(), HttpMethod.GET,
					this.client.rest()
						.api("groups", job.workspaceId(), "reports", job.reportId(), "exports", exportId, "file"),
					null, Duration.ZERO);
		if (!file.successful()) {
			throw this.client.rest()
				.refusal(job.credential(), file, "hand over the file of export " + exportId + " of", job.subject());
		}
		String extension = PowerBiHttp.text(status, "resourceFileExtension");
		if (extension == null || extension.isBlank()) {
			// Microsoft's .NET SDK spells it ResourceFileExtension.
			extension = PowerBiHttp.text(status, "ResourceFileExtension");
		}
		if (extension == null || extension.isBlank()) {
			// Several PNG pages come as one zip.
			extension = (job.format() == Format.PNG && job.pages() > 1) ? ".zip" : "." + job.format().name();
		}
		extension = (extension.startsWith(".") ? extension : "." + extension).toLowerCase(Locale.ROOT);
		log.info("Export {} of {} finished: {} bytes ({})", exportId, job.subject(), file.body().length, extension);
		return new ExportedFile(file.body(), extension);
	}

	/**
	 * Waits as long as a busy Power BI asked, or gives up at once when that would pass
	 * the deadline.
	 */
	private void waitWhileBusy(Job job, PowerBiHttp.Answer answer, String what) {
		Duration wait = answer.retryAfter().orElse(DEFAULT_BUSY_WAIT);
		if (wait.compareTo(job.left()) > 0) {
			throw new PowerBiTimedOut("Power BI's capacity is busy (it " + what + ") and asked to wait "
					+ wait.toSeconds() + " s, longer than is left for the export of " + job.subject() + ".");
		}
		log.warn("Power BI {} for {}; starting again in {} s", what, job.subject(), wait.toSeconds());
		sleep(job, wait);
	}

	/** Waits before the next poll, never past the deadline. */
	private void pause(Job job, Duration wait, String state, int percent) {
		Duration left = job.left();
		if (!left.isNegative() && !left.isZero()) {
			sleep(job, (wait.compareTo(left) < 0) ? wait : left);
		}
		if (!Instant.now().isBefore(job.limit())) {
			log.warn("Export of {} not finished by its deadline ({}, {} %)", job.subject(), state, percent);
			throw new PowerBiTimedOut("Power BI had not finished the export of " + job.subject()
					+ " by the deadline (still " + state + ", " + percent + " % done).");
		}
	}

	private void sleep(Job job, Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PowerBiTimedOut("The export of " + job.subject() + " was stopped before Power BI finished.");
		}
	}

	private static void acquire(Semaphore credentialSlots, Job job, int perCredential) {
		try {
			long millis = Math.max(0, job.left().toMillis());
			if (!credentialSlots.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
				throw new PowerBiTimedOut("Power BI's capacity is busy: credential '" + job.credential().name()
						+ "' already has " + perCredential + " export(s) running (exports-per-credential) and none "
						+ "finished before the deadline of the export of " + job.subject() + ".");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PowerBiTimedOut("The export of " + job.subject() + " was stopped before it could start.");
		}
	}

	/** The export object's error in words (not documented, but sent). */
	private static String reason(JsonNode error) {
		String message = PowerBiHttp.text(error, "message");
		String code = PowerBiHttp.text(error, "code");
		if (message != null && !message.isBlank()) {
			return (code != null) ? message + " (" + code + ")" : message;
		}
		return (code != null) ? code : "it gave no reason";
	}

}
