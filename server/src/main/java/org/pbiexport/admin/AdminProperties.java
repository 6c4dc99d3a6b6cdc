package org.pbiexport.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the admin module.
 *
 * @param password the password of the first admin user {@code admin}, used only when that
 * user does not exist yet; blank means a random one, printed once in the log
 */
@ConfigurationProperties("pbi-export.admin")
record AdminProperties(String password) {

	AdminProperties {
		password = (password != null) ? password : "";
	}

}
