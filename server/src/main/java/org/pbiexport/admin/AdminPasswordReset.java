package org.pbiexport.admin;

import org.pbiexport.security.UserAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The way back in for an operator who lost the admin password: run the jar with
 * {@value #OPTION}, and the user {@code admin} gets a new random password (and is made
 * again, enabled, if it was missing or disabled), printed once in the log, as the first
 * one is. The application then stops instead of serving ({@code PbiExportApplication}).
 * Setting {@code pbi-export.admin.password} cannot do this: it only names the first
 * password.
 */
@Component
class AdminPasswordReset implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AdminPasswordReset.class);

	/** The command-line switch, without its dashes. */
	static final String OPTION = "reset-admin-password";

	private final UserAccounts users;

	AdminPasswordReset(UserAccounts users) {
		this.users = users;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!args.containsOption(OPTION)) {
			return;
		}
		String password = FirstAdmin.randomPassword();
		if (!this.users.createIfAbsent(FirstAdmin.USERNAME, password, UserAccounts.Role.ADMIN)) {
			// Signs out whoever was signed in as admin in this process.
			this.users.setPassword(FirstAdmin.USERNAME, password);
			this.users.setEnabled(FirstAdmin.USERNAME, true);
		}
		// Like the first password: shown this once, in the console's log.
		log.warn("""

				  The admin password was reset. Sign in at /admin with
				    user:     {}
				    password: {}
				  This password is shown only this once; change it under /admin/account.
				""", FirstAdmin.USERNAME, password);
	}

}
