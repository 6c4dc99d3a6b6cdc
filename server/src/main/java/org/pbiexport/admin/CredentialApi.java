package org.pbiexport.admin;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.catalog.ReportSummary;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialStore;
import org.pbiexport.powerbi.CredentialStore.CredentialView;
import org.pbiexport.powerbi.PowerBiClient;
import org.pbiexport.powerbi.SecretBox;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;
import org.pbiexport.web.Text;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/**
 * The admin API for stored credentials (docs/contract.md): service principals for the
 * {@code embedded} and {@code export_api} render modes and Windows accounts for Report
 * Servers. Secrets are write-only: no answer, error or log line carries one.
 */
@RestController
@RequestMapping("/api/admin/credentials")
@Tag(name = "Admin")
@SecurityRequirement(name = "basicAuth")
class CredentialApi {

	private static final Logger log = LoggerFactory.getLogger(CredentialApi.class);

	private final CredentialStore credentials;

	private final Catalog catalog;

	private final PowerBiClient powerBi;

	CredentialApi(CredentialStore credentials, Catalog catalog, PowerBiClient powerBi) {
		this.credentials = credentials;
		this.catalog = catalog;
		this.powerBi = powerBi;
	}

	@GetMapping
	@Operation(operationId = "adminListCredentials",
			summary = "Every stored credential, ordered by name, without secrets")
	CredentialDocument.Listing list() {
		return new CredentialDocument.Listing(this.credentials.list().stream().map(CredentialDocument::of).toList());
	}

	@GetMapping("/{name}")
	@Operation(operationId = "adminGetCredential", summary = "A stored credential, without its secret")
	CredentialDocument get(@PathVariable("name") String name) {
		return CredentialDocument.of(stored(name));
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "adminCreateCredential",
			summary = "Store a credential; client_secret or password is required and never answered",
			responses = @ApiResponse(responseCode = "201", description = "The stored credential, with its Location",
					content = @Content(schema = @Schema(implementation = CredentialDocument.class))))
	ResponseEntity<CredentialDocument> create(
			@RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(schema = @Schema(implementation = CredentialInput.class))) JsonNode document,
			Principal admin) {
		Credential credential = CredentialDocument.read(document, null, null);
		CredentialView created = translated(() -> this.credentials.create(credential, admin.getName()));
		return ResponseEntity.created(URI.create("/api/admin/credentials/" + created.name()))
			.body(CredentialDocument.of(created));
	}

	@PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "adminReplaceCredential",
			summary = "Change a credential; without client_secret or password the stored secret stays")
	CredentialDocument replace(@PathVariable("name") String name,
			@RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(schema = @Schema(implementation = CredentialInput.class))) JsonNode document,
			Principal admin) {
		CredentialView before = stored(name);
		Credential credential = CredentialDocument.read(document, name, before.kind());
		return CredentialDocument.of(translated(() -> this.credentials.update(name, credential, admin.getName())));
	}

	@DeleteMapping("/{name}")
	@Operation(operationId = "adminDeleteCredential", summary = "Delete a credential that no report uses",
			responses = @ApiResponse(responseCode = "204", description = "Deleted"))
	ResponseEntity<Void> delete(@PathVariable("name") String name, Principal admin) {
		stored(name);
		inUse(this.catalog.reportsUsingCredential(name), name).ifPresent((detail) -> {
			throw ApiProblem.conflict(detail);
		});
		translated(() -> {
			this.credentials.delete(name, admin.getName());
			return null;
		});
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{name}/test")
	@Operation(operationId = "adminTestCredential",
			summary = "Sign in with the credential now (a new token, never a cached one)")
	CredentialDocument.TestResult test(@PathVariable("name") String name, Principal admin) {
		Credential credential = translated(() -> this.credentials.find(name)).orElseThrow(() -> unknown(name));
		Optional<String> failure = this.powerBi.test(credential);
		log.info("{} tested credential '{}': {}", admin.getName(), name, failure.isEmpty() ? "signed in" : "failed");
		return new CredentialDocument.TestResult(failure.isEmpty(), failure.orElse(null));
	}

	private CredentialView stored(String name) {
		return this.credentials.describe(name).orElseThrow(() -> unknown(name));
	}

	/**
	 * Why a credential cannot be deleted, naming the reports that use it, or empty when
	 * none does.
	 */
	static Optional<String> inUse(List<ReportSummary> reports, String name) {
		return whyInUse(reports, name).map(Text::english);
	}

	/** {@link #inUse} as a text the pages say in their language. */
	static Optional<Text> whyInUse(List<ReportSummary> reports, String name) {
		if (reports.isEmpty()) {
			return Optional.empty();
		}
		String listed = reports.stream()
			.map((report) -> "'" + report.title() + "' (report " + report.id() + ")")
			.collect(Collectors.joining(", "));
		return Optional.of(Text.of("cred.problem.in.use",
				"The credential '" + name + "' is used by " + reports.size()
						+ ((reports.size() == 1) ? " report: " : " reports: ") + listed
						+ ". Let them use another credential first, then delete it.",
				name, reports.size(), listed));
	}

	/** The name is taken: names are compared without case. */
	static Text exists(String name) {
		return Text.of("cred.problem.exists", "A credential named '" + name + "' exists already (names are compared "
				+ "without case). Choose another name, or change the stored one.", name);
	}

	static ApiProblem unknown(String name) {
		return ApiProblem.notFound("There is no credential named '" + name + "'.");
	}

	/** The store's failures as the API's problems, in the same words for the pages. */
	static <T> T translated(Supplier<T> call) {
		try {
			return call.get();
		}
		catch (CredentialStore.InvalidCredential ex) {
			throw ApiProblem.invalid(ex.problems()
				.stream()
				.map((problem) -> FieldProblem.of(problem.field(),
						new Text(problem.code(), problem.arguments(), problem.message())))
				.toList());
		}
		catch (CredentialStore.CredentialExists ex) {
			throw ApiProblem.conflict(exists(ex.name()).english());
		}
		catch (CredentialStore.UnknownCredential ex) {
			throw unknown(ex.name());
		}
		catch (SecretBox.SecretUnreadable ex) {
			throw new SecretsUnreadable(ex.getMessage());
		}
	}

	/**
	 * The stored secret cannot be read with this server's key: the operator's to fix, so
	 * it is said in words rather than as an anonymous internal error.
	 */
	static final class SecretsUnreadable extends ApiProblem {

		SecretsUnreadable(String detail) {
			super(HttpStatus.INTERNAL_SERVER_ERROR, "secret-unreadable", "Stored secret unreadable", detail, List.of());
		}

	}

}
