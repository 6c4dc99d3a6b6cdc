package org.pbiexport.admin;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.pbiexport.security.UserAccounts;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Makes sure there is someone to sign in as: the admin {@code admin}, with the password
 * of {@code pbi-export.admin.password}, or else a random one that is printed once in the
 * log.
 */
@Component
class FirstAdmin implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

	static final String USERNAME = "admin";

	private final UserAccounts users;

	private final String configuredPassword;

	FirstAdmin(UserAccounts users, AdminProperties properties) {
		this.users = users;
		this.configuredPassword = properties.password();
	}

	@Override
	public void afterSingletonsInstantiated() {
		boolean generated = this.configuredPassword.isBlank();
		String password = generated ? randomPassword() : this.configuredPassword;
		if (!createdHere(password)) {
			if (!this.configuredPassword.isBlank()) {
				log.info("The admin user '{}' exists, so pbi-export.admin.password is not used; to reset a lost "
						+ "password run the jar with --reset-admin-password", USERNAME);
			}
			return;
		}
		if (generated) {
			log.warn("""

					  Created the first admin user. Sign in at /admin (or use HTTP Basic on /api/admin/reports):
					    user:     {}
					    password: {}
					  This password is shown only this once; change it under /admin/account. Lost it? Run the jar
					  with --reset-admin-password (pbi-export.admin.password names only the first password).
					""", USERNAME, password);
		}
		else {
			log.info("Created the first admin user '{}' with the password of pbi-export.admin.password", USERNAME);
		}
	}

	/**
	 * Whether this node created the admin. Nodes of a scaled-out deployment that start
	 * together on an empty database all find no admin, and all but the first to insert
	 * meet the unique name: for them the admin exists, made by another node, and they
	 * start as if they had found it.
	 */
	private boolean createdHere(String password) {
		try {
			return this.users.createIfAbsent(USERNAME, password, UserAccounts.Role.ADMIN);
		}
		catch (DataAccessException ex) {
			if (this.users.role(USERNAME).isEmpty()) {
				throw ex;
			}
			log.info("The admin user '{}' was created by another node starting at the same time", USERNAME);
			return false;
		}
	}

	static String randomPassword() {
		byte[] bytes = new byte[15];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
