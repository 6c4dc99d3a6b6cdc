package org.pbiexport.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.pbiexport.web.FieldProblem;

import tools.jackson.databind.JsonNode;

/**
 * Reads the render fields of the admin API's report document ({@code render_mode},
 * {@code embed_url}, {@code powerbi}) into a {@link PowerBiInput}: the JSON's shape only
 * (objects, known fields, texts); what they may be is {@link PowerBiSection}'s.
 */
final class PowerBiJson {

	private static final Set<String> FIELDS = Set.of("workspace_id", "report_id", "credential", "identity");

	private static final Set<String> IDENTITY_FIELDS = Set.of("username", "roles");

	private PowerBiJson() {
	}

	static PowerBiInput read(JsonNode document, List<FieldProblem> problems) {
		String mode = text(document, "render_mode", "render_mode", problems);
		String embedUrl = text(document, "embed_url", "embed_url", problems);
		JsonNode node = document.get("powerbi");
		if (node == null || node.isNull()) {
			return new PowerBiInput(empty(mode), empty(embedUrl), null);
		}
		if (!node.isObject()) {
			problems.add(new FieldProblem("powerbi", "must be an object: {\"workspace_id\", \"report_id\", "
					+ "\"credential\", \"identity\": {\"username\", \"roles\"}}"));
			return new PowerBiInput(empty(mode), empty(embedUrl), null);
		}
		for (String name : node.propertyNames()) {
			if (!FIELDS.contains(name)) {
				problems.add(new FieldProblem("powerbi." + name,
						"is not a field of powerbi; known fields: credential, identity, report_id, workspace_id"));
			}
		}
		PowerBiInput.Identity identity = null;
		JsonNode identityNode = node.get("identity");
		if (identityNode != null && !identityNode.isNull()) {
			if (!identityNode.isObject()) {
				problems.add(new FieldProblem("powerbi.identity",
						"must be an object {\"username\": …, \"roles\": [...]} or left out"));
				identity = new PowerBiInput.Identity(null, null);
			}
			else {
				for (String field : identityNode.propertyNames()) {
					if (!IDENTITY_FIELDS.contains(field)) {
						problems.add(new FieldProblem("powerbi.identity." + field,
								"is not a field of identity; known fields: roles, username"));
					}
				}
				identity = new PowerBiInput.Identity(
						empty(text(identityNode, "username", "powerbi.identity.username", problems)),
						roles(identityNode.get("roles"), problems));
			}
		}
		return new PowerBiInput(empty(mode), empty(embedUrl),
				new PowerBiInput.Section(text(node, "workspace_id", "powerbi.workspace_id", problems),
						text(node, "report_id", "powerbi.report_id", problems),
						text(node, "credential", "powerbi.credential", problems), identity));
	}

	private static List<String> roles(JsonNode node, List<FieldProblem> problems) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isArray()) {
			problems.add(new FieldProblem("powerbi.identity.roles", PowerBiSection.ROLES));
			return List.of();
		}
		List<String> roles = new ArrayList<>();
		for (JsonNode role : node) {
			if (!role.isString()) {
				problems.add(new FieldProblem("powerbi.identity.roles", PowerBiSection.EACH_ROLE));
				return List.of();
			}
			roles.add(role.stringValue());
		}
		return roles;
	}

	/** The field's text stripped, null when not given; a problem when not text. */
	private static String text(JsonNode node, String name, String path, List<FieldProblem> problems) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			problems.add(new FieldProblem(path, "must be text"));
			return "";
		}
		return value.stringValue().strip();
	}

	private static String empty(String text) {
		return (text != null) ? text : "";
	}

}
