package org.pbiexport.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialKind;
import org.pbiexport.powerbi.CredentialStore;
import org.pbiexport.powerbi.CredentialStore.CredentialView;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

import tools.jackson.databind.JsonNode;

/**
 * A credential in the admin API (docs/contract.md): the fields of its kind, and instead
 * of the secret only whether one is set ({@code client_secret_set},
 * {@code password_set}). A GET's document may be sent back with PUT as it is; without a
 * secret the stored one stays.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CredentialDocument(String name, String kind, @JsonProperty("tenant_id") String tenantId,
		@JsonProperty("client_id") String clientId, @JsonProperty("client_secret_set") Boolean clientSecretSet,
		String username, String origin, @JsonProperty("password_set") Boolean passwordSet,
		@JsonProperty("created_at") Instant createdAt, @JsonProperty("updated_at") Instant updatedAt,
		@JsonProperty("updated_by") String updatedBy) {

	private static final Set<String> COMMON = Set.of("name", "kind");

	/** Fields the server fills in; clients may send them back unchanged from a GET. */
	private static final Set<String> READ_ONLY = Set.of("client_secret_set", "password_set", "created_at", "updated_at",
			"updated_by");

	private static final List<String> SERVICE_PRINCIPAL = List.of("tenant_id", "client_id", "client_secret");

	private static final List<String> WINDOWS = List.of("username", "password", "origin");

	static CredentialDocument of(CredentialView view) {
		boolean principal = view.kind() == CredentialKind.SERVICE_PRINCIPAL;
		return new CredentialDocument(view.name(), view.kind().wireName(), view.tenantId(), view.clientId(),
				principal ? view.secretSet() : null, view.username(), view.origin(),
				principal ? null : view.secretSet(), view.createdAt(), view.updatedAt(), view.updatedBy());
	}

	@Schema(name = "CredentialList")
	record Listing(List<CredentialDocument> credentials) {
	}

	/**
	 * What {@code POST …/{name}/test} answers: whether signing in worked, else why not.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@Schema(name = "CredentialTestResult")
	record TestResult(boolean ok, String detail) {
	}

	/**
	 * Reads a document into a credential, with one problem per field (the JSON's shape
	 * here, the values' rules from {@link CredentialStore}), so an admin sees all of them
	 * at once. Secrets are never repeated in a problem.
	 * @param pathName the name in the path (PUT), or null (POST)
	 * @param storedKind the stored credential's kind (PUT), used when the document has
	 * none; null for POST
	 */
	static Credential read(JsonNode document, String pathName, CredentialKind storedKind) {
		if (document == null || !document.isObject()) {
			throw ApiProblem.invalid("body", "must be a JSON object describing the credential");
		}
		boolean adding = pathName == null;
		List<FieldProblem> problems = new ArrayList<>();
		Set<String> badFields = new HashSet<>();
		CredentialKind kind = kind(document, storedKind, problems, badFields);
		for (String field : document.propertyNames()) {
			if (COMMON.contains(field) || READ_ONLY.contains(field)) {
				continue;
			}
			if (!SERVICE_PRINCIPAL.contains(field) && !WINDOWS.contains(field)) {
				problems.add(new FieldProblem(field,
						"is not a field of a credential; known fields: kind, name, "
								+ String.join(", ", SERVICE_PRINCIPAL) + " (service_principal), "
								+ String.join(", ", WINDOWS) + " (windows)"));
			}
			else if (kind != null && !fieldsOf(kind).contains(field)) {
				problems.add(new FieldProblem(field, "is not a field of a " + kind.wireName()
						+ " credential; its fields " + "are name, kind, " + String.join(", ", fieldsOf(kind))));
				badFields.add(field);
			}
		}
		String name = text(document, "name", problems, badFields);
		if (!adding && name != null && !name.strip().equals(pathName)) {
			problems.add(new FieldProblem("name", "cannot be changed, as reports name the credential; "
					+ "add a new credential with the new name instead"));
			badFields.add("name");
		}
		if (!adding && name == null) {
			name = pathName;
		}
		Credential credential = new Credential(name, kind, ofKind(document, kind, "tenant_id", problems, badFields),
				ofKind(document, kind, "client_id", problems, badFields),
				ofKind(document, kind, "username", problems, badFields),
				ofKind(document, kind, "origin", problems, badFields),
				(kind != null) ? ofKind(document, kind, CredentialStore.secretField(kind), problems, badFields) : null);
		for (CredentialStore.Problem problem : CredentialStore.problems(credential, adding)) {
			if (!badFields.contains(problem.field())) {
				problems.add(new FieldProblem(problem.field(), problem.message()));
			}
		}
		if (!problems.isEmpty()) {
			throw ApiProblem.invalid(problems);
		}
		return credential;
	}

	private static CredentialKind kind(JsonNode document, CredentialKind storedKind, List<FieldProblem> problems,
			Set<String> badFields) {
		String wireName = text(document, "kind", problems, badFields);
		if (wireName == null) {
			if (storedKind == null && badFields.add("kind")) {
				problems.add(new FieldProblem("kind", "is required: service_principal or windows"));
			}
			return storedKind;
		}
		CredentialKind kind = CredentialKind.fromWireName(wireName.strip());
		if (kind == null) {
			problems.add(new FieldProblem("kind", "must be service_principal or windows"));
			badFields.add("kind");
		}
		return kind;
	}

	private static List<String> fieldsOf(CredentialKind kind) {
		return (kind == CredentialKind.WINDOWS) ? WINDOWS : SERVICE_PRINCIPAL;
	}

	/** The field's text when it belongs to the kind, else null (its problem is noted). */
	private static String ofKind(JsonNode document, CredentialKind kind, String field, List<FieldProblem> problems,
			Set<String> badFields) {
		return (kind != null && fieldsOf(kind).contains(field) && !badFields.contains(field))
				? text(document, field, problems, badFields) : null;
	}

	/**
	 * A text field's value, null when absent or null; anything else than text is noted.
	 */
	private static String text(JsonNode document, String field, List<FieldProblem> problems, Set<String> badFields) {
		JsonNode value = document.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			if (badFields.add(field)) {
				problems.add(new FieldProblem(field, "must be text"));
			}
			return null;
		}
		return value.stringValue();
	}

}
