package org.pbiexport.admin;

import java.util.List;

/**
 * How a report is rendered, as an admin gave it (the API's document or the form), before
 * {@link PowerBiSection} checks it: texts stripped, null when not given.
 *
 * @param renderMode {@code url}, {@code embedded} or {@code export_api}; empty for url
 * @param embedUrl the address or snippet; empty when none
 * @param powerbi the {@code powerbi} section, or null when none was given
 */
record PowerBiInput(String renderMode, String embedUrl, Section powerbi) {

	/** The {@code powerbi} section; each field null when not given. */
	record Section(String workspaceId, String reportId, String credential, Identity identity) {

	}

	/** The row-level-security identity; {@code roles} null when not given. */
	record Identity(String username, List<String> roles) {

	}

}
