package org.pbiexport.admin;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.pbiexport.catalog.PowerBiBinding;
import org.pbiexport.catalog.ReportRules;
import org.pbiexport.powerbi.AddressRejected;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialKind;
import org.pbiexport.powerbi.EmbedAddress;
import org.pbiexport.powerbi.EmbedAddresses;
import org.pbiexport.powerbi.EmbedKind;
import org.pbiexport.web.FieldProblem;

/**
 * Reads how a report document says the report is rendered (docs/contract.md):
 * {@code render_mode}, {@code embed_url} and the {@code powerbi} object. In {@code url}
 * mode the address is required and {@code powerbi} may only name a Windows account for a
 * Report Server; in {@code embedded} and {@code export_api} mode the report is named by
 * its workspace and report ids (taken from a secure-embed link when one is given) and a
 * service principal signs in.
 */
final class PowerBiSection {

	static final List<String> RENDER_MODES = List.of("url", "embedded", "export_api");

	static final String ROLES = "must be a list of at most 50 role names";

	static final String EACH_ROLE = "each role must be a name of 1 to 100 characters on one line";

	private static final Pattern GUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private final EmbedAddresses addresses;

	private final Function<String, Optional<Credential>> credentials;

	/**
	 * @param credentials the stored credential of a name, to check that it exists and is
	 * of the kind the mode needs
	 */
	PowerBiSection(EmbedAddresses addresses, Function<String, Optional<Credential>> credentials) {
		this.addresses = addresses;
		this.credentials = credentials;
	}

	/**
	 * How the report is rendered; {@code address} is null when none was given or it was
	 * refused (then {@code problems} says why).
	 */
	record Read(String renderMode, EmbedAddress address, String embedUrl, String embedKind, PowerBiBinding binding) {

		boolean urlMode() {
			return "url".equals(this.renderMode);
		}

	}

	Read read(PowerBiInput input, List<FieldProblem> problems) {
		String mode = input.renderMode();
		if (mode.isEmpty()) {
			mode = "url";
		}
		else if (!RENDER_MODES.contains(mode)) {
			problems.add(new FieldProblem("render_mode",
					"must be one of url (a browser opens the report's address), "
							+ "embedded (a service principal embeds it with the Power BI JavaScript SDK) or export_api "
							+ "(Power BI's Export To File API, needs capacity), got '" + mode + "'"));
			mode = "url";
		}
		boolean urlMode = "url".equals(mode);
		EmbedAddress address = address(input.embedUrl(), urlMode, problems);
		PowerBiInput.Section section = input.powerbi();
		PowerBiBinding binding = urlMode ? urlModeBinding(section, address, problems)
				: serviceBinding(section, address, problems);
		String embedUrl = (address != null) ? address.url() : "";
		String embedKind = urlMode ? ((address != null) ? address.kind().wireName() : null)
				: EmbedKind.EMBEDDED.wireName();
		return new Read(mode, address, embedUrl, embedKind, binding);
	}

	private EmbedAddress address(String embedUrl, boolean required, List<FieldProblem> problems) {
		if (embedUrl.length() > ReportRules.MAX_EMBED_URL) {
			problems.add(new FieldProblem("embed_url",
					"must be at most " + ReportRules.MAX_EMBED_URL + " characters, got " + embedUrl.length()));
			return null;
		}
		if (embedUrl.isEmpty()) {
			if (required) {
				problems.add(new FieldProblem("embed_url", "is required"));
			}
			return null;
		}
		try {
			return this.addresses.classify(embedUrl);
		}
		catch (AddressRejected ex) {
			problems.add(new FieldProblem("embed_url", ex.getMessage()));
			return null;
		}
	}

	/** {@code url} mode: at most a Windows account for the address's origin. */
	private PowerBiBinding urlModeBinding(PowerBiInput.Section section, EmbedAddress address,
			List<FieldProblem> problems) {
		if (section == null) {
			return PowerBiBinding.NONE;
		}
		Map<String, Object> given = new LinkedHashMap<>();
		given.put("workspace_id", section.workspaceId());
		given.put("report_id", section.reportId());
		given.put("identity", section.identity());
		given.forEach((field, value) -> {
			if (value != null) {
				problems.add(new FieldProblem("powerbi." + field,
						"is only used by the render modes embedded and export_api; in url mode powerbi may only "
								+ "name a Windows account (credential) for a Report Server"));
			}
		});
		String name = text(section.credential(), "powerbi.credential", problems);
		if (name.isEmpty()) {
			return PowerBiBinding.NONE;
		}
		Optional<Credential> credential = credential(name, CredentialKind.WINDOWS, problems);
		if (credential.isPresent() && address != null && address.url().startsWith("http")) {
			String origin = origin(address.url());
			if (!origin.equalsIgnoreCase(credential.get().origin())) {
				problems.add(new FieldProblem("powerbi.credential",
						"the account " + name + " is only sent to " + credential.get().origin()
								+ ", but this report is at " + origin
								+ "; use an account for that origin or change its origin"));
			}
		}
		return new PowerBiBinding(null, null, name, null, List.of());
	}

	/** {@code embedded} and {@code export_api}: ids, a service principal, an identity. */
	private PowerBiBinding serviceBinding(PowerBiInput.Section given, EmbedAddress address,
			List<FieldProblem> problems) {
		PowerBiInput.Section section = (given != null) ? given : new PowerBiInput.Section(null, null, null, null);
		String workspaceId = text(section.workspaceId(), "powerbi.workspace_id", problems);
		String reportId = text(section.reportId(), "powerbi.report_id", problems);
		if (address != null) {
			if (address.kind() != EmbedKind.SECURE_EMBED && address.kind() != EmbedKind.SERVICE_LINK) {
				problems.add(new FieldProblem("embed_url", "in the render modes embedded and export_api the address "
						+ "must be the report's secure embed link (reportEmbed?reportId=…&groupId=…) or left out; "
						+ "this one is " + address.kind().wireName().replace('_', ' ')));
			}
			else {
				workspaceId = agree("workspace_id", workspaceId, address.groupId(), problems);
				reportId = agree("report_id", reportId, address.reportId(), problems);
			}
		}
		guid("workspace_id", workspaceId, problems);
		guid("report_id", reportId, problems);
		String name = text(section.credential(), "powerbi.credential", problems);
		if (name.isEmpty()) {
			problems.add(new FieldProblem("powerbi.credential",
					"is required: the name of a service principal (see /admin/credentials)"));
		}
		else {
			credential(name, CredentialKind.SERVICE_PRINCIPAL, problems);
		}
		String username = null;
		List<String> roles = List.of();
		PowerBiInput.Identity identity = section.identity();
		if (identity != null) {
			username = text(identity.username(), "powerbi.identity.username", problems);
			if (username.isEmpty() || username.length() > 256) {
				problems.add(new FieldProblem("powerbi.identity.username",
						"must be the user whose rows to show, 1 to 256 characters"));
			}
			roles = roles(identity.roles(), problems);
		}
		return new PowerBiBinding(workspaceId.isEmpty() ? null : workspaceId.toLowerCase(Locale.ROOT),
				reportId.isEmpty() ? null : reportId.toLowerCase(Locale.ROOT), name.isEmpty() ? null : name,
				(username == null || username.isEmpty()) ? null : username, roles);
	}

	private static List<String> roles(List<String> given, List<FieldProblem> problems) {
		if (given == null) {
			return List.of();
		}
		if (given.size() > 50) {
			problems.add(new FieldProblem("powerbi.identity.roles", ROLES));
			return List.of();
		}
		List<String> roles = new ArrayList<>();
		for (String role : given) {
			if (role.isBlank() || role.length() > 100 || role.contains("\n")) {
				problems.add(new FieldProblem("powerbi.identity.roles", EACH_ROLE));
				return List.of();
			}
			roles.add(role.strip());
		}
		return roles;
	}

	private Optional<Credential> credential(String name, CredentialKind kind, List<FieldProblem> problems) {
		Optional<Credential> credential = this.credentials.apply(name);
		if (credential.isEmpty()) {
			problems.add(new FieldProblem("powerbi.credential", "there is no credential named '" + name
					+ "'; add it under /admin/credentials first (a " + kind.wireName().replace('_', ' ') + ")"));
		}
		else if (credential.get().kind() != kind) {
			problems.add(new FieldProblem("powerbi.credential",
					"'" + name + "' is a " + credential.get().kind().wireName().replace('_', ' ')
							+ ", but this render mode needs a " + kind.wireName().replace('_', ' ')));
			return Optional.empty();
		}
		return credential;
	}

	private static String agree(String field, String given, String fromAddress, List<FieldProblem> problems) {
		if (fromAddress == null) {
			return given;
		}
		if (!given.isEmpty() && !given.equalsIgnoreCase(fromAddress)) {
			problems.add(new FieldProblem("powerbi." + field,
					"does not agree with embed_url, which names " + fromAddress + "; leave it out or make them match"));
		}
		return given.isEmpty() ? fromAddress : given;
	}

	private static void guid(String field, String value, List<FieldProblem> problems) {
		if (value.isEmpty()) {
			problems.add(new FieldProblem("powerbi." + field, "is required (a GUID such as "
					+ "1f2e3d4c-0000-4000-8000-000000000001), or give the report's secure embed link as embed_url"));
		}
		else if (!GUID.matcher(value).matches()) {
			problems.add(new FieldProblem("powerbi." + field,
					"must be a GUID such as 1f2e3d4c-0000-4000-8000-000000000001"
							+ ("me".equalsIgnoreCase(value) ? " (a service principal has no \"My workspace\")" : "")
							+ ", got '" + value + "'"));
		}
	}

	private static String origin(String url) {
		URI uri = URI.create(url);
		return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
	}

	/** The text, empty when not given or longer than texts here may be. */
	private static String text(String text, String path, List<FieldProblem> problems) {
		if (text == null) {
			return "";
		}
		if (text.length() > 500) {
			problems.add(new FieldProblem(path, "must be at most 500 characters, got " + text.length()));
			return "";
		}
		return text;
	}

}
