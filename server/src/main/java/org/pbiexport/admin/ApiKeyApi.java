package org.pbiexport.admin;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.security.ApiKeys;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;
import org.pbiexport.web.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API for API keys, the same operations as the admin page
 * {@code /admin/api-keys} for scripts and deployments: list (never a secret), make one
 * (its secret answered once), revoke.
 */
@RestController
@RequestMapping("/api/admin/api-keys")
@Tag(name = "Admin")
@SecurityRequirement(name = "basicAuth")
class ApiKeyApi {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyApi.class);

	private final ApiKeys keys;

	private final Catalog catalog;

	ApiKeyApi(ApiKeys keys, Catalog catalog) {
		this.keys = keys;
		this.catalog = catalog;
	}

	/**
	 * A key to make.
	 *
	 * @param name what it is for, 1 to 100 characters
	 * @param reports the reports it may use; absent or empty for all
	 * @param origins the page origins it may be used from; absent or empty for any
	 * @param adminAccess whether it may use the admin API
	 * @param expiresAt when it stops working: an ISO date (it works to the end of that
	 * day, UTC) or instant in the future; absent for never
	 */
	@Schema(name = "NewApiKey")
	record NewKey(
			@Schema(requiredMode = RequiredMode.REQUIRED, minLength = 1, maxLength = 100,
					example = "intranet") @Nullable String name,
			@Nullable List<Long> reports, @Nullable List<String> origins,
			@JsonProperty("admin_access") @Nullable Boolean adminAccess,
			@JsonProperty("expires_at") @Schema(
					description = "an ISO date (the key works to the end of that day, "
							+ "UTC) or instant in the future; absent for never",
					example = "2027-01-31") @Nullable String expiresAt) {
	}

	/**
	 * A key as the API shows it; {@code key} (the secret) only in the answer that made
	 * it.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@Schema(name = "ApiKey")
	record KeyDocument(long id, String name, String prefix, Set<Long> reports, Set<String> origins,
			@JsonProperty("admin_access") boolean adminAccess, @JsonProperty("created_at") Instant createdAt,
			@JsonProperty("created_by") String createdBy, @JsonProperty("revoked_at") @Nullable Instant revokedAt,
			@JsonProperty("last_used_at") @Nullable Instant lastUsedAt, @Nullable String key,
			@JsonProperty("expires_at") @Nullable Instant expiresAt) {

		static KeyDocument of(ApiKeys.ApiKey key, @Nullable String secret) {
			return new KeyDocument(key.id(), key.name(), key.prefix(), key.reportIds(), key.origins(),
					key.adminAccess(), key.createdAt(), key.createdBy(), key.revokedAt(), key.lastUsedAt(), secret,
					key.expiresAt());
		}

	}

	/** Every key, those in use first. */
	@Schema(name = "ApiKeyList")
	record Listing(List<KeyDocument> keys) {
	}

	@GetMapping
	@Operation(operationId = "adminListApiKeys", summary = "Every API key, without secrets; revoked ones last")
	Listing list() {
		return new Listing(this.keys.list().stream().map((key) -> KeyDocument.of(key, null)).toList());
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "adminCreateApiKey",
			summary = "Make an API key; the answer carries its secret `key`, shown this once",
			responses = @ApiResponse(responseCode = "201", description = "The key with its secret, with its Location",
					content = @Content(schema = @Schema(implementation = KeyDocument.class))))
	ResponseEntity<KeyDocument> create(@RequestBody NewKey request, Principal admin) {
		String name = (request.name() != null) ? request.name().strip() : "";
		Set<String> origins = new LinkedHashSet<>((request.origins() != null) ? request.origins() : List.of());
		Set<Long> reports = new LinkedHashSet<>((request.reports() != null) ? request.reports() : List.of());
		Map<String, Text> problems = ApiKeyRules.problems(name, origins, reports, this.catalog);
		Instant expiresAt = ApiKeyRules.expiry(request.expiresAt(), "expires_at", Instant.now(), problems);
		if (!problems.isEmpty()) {
			throw ApiProblem.invalid(problems.entrySet()
				.stream()
				.map((problem) -> FieldProblem.of(problem.getKey(), problem.getValue()))
				.toList());
		}
		boolean adminAccess = Boolean.TRUE.equals(request.adminAccess());
		ApiKeys.CreatedKey created = this.keys.create(name, reports, origins, adminAccess, expiresAt, admin.getName());
		log.info("{} created API key '{}' ({}) through the admin API", admin.getName(), name, created.key().prefix());
		return ResponseEntity.created(URI.create("/api/admin/api-keys/" + created.key().id()))
			.body(KeyDocument.of(created.key(), created.secret()));
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "adminRevokeApiKey", summary = "Revoke an API key: requests with it get 401 from now on",
			responses = @ApiResponse(responseCode = "204", description = "Revoked"))
	ResponseEntity<Void> revoke(@PathVariable("id") long id, Principal admin) {
		if (!this.keys.revoke(id)) {
			throw ApiProblem.notFound("There is no API key " + id + " in use.");
		}
		log.info("{} revoked API key {} through the admin API", admin.getName(), id);
		return ResponseEntity.noContent().build();
	}

}
