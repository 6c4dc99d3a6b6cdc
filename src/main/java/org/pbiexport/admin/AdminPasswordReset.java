package org.pbiexport.admin;

import org.pbiexport.security.UserAccounts;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The way back in for an operator who lost the admin password: run the jar with
 * {@value #OPTION}, and the user {@code admin} gets a new random password (and is made
 * again, enabled, if it was missing or disabled), printed once on the console. The
 * application then stops instead of serving ({@code PbiExportApplication}). Setting
 * {@code pbi-export.admin.password} cannot do this: it only names the first password.
 */
@Component
class AdminPasswordReset implements ApplicationRunner {

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
		// On the console only, not in the log: like the first password, shown this once.
		System.out.printf("%n  The admin password was reset. Sign in at /admin with%n    user:     %s%n"
				+ "    password: %s%n  This password is shown only this once; change it under /admin/account.%n%n",
				FirstAdmin.USERNAME, password);
	}

}
