package org.pbiexport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the started application tells its operator: every way in, and the truth about
 * passwords.
 */
class StartupReportTest {

	@Test
	void theBannerListsTheAdminPagesAndHowToResetTheirPassword() {
		String banner = StartupReport.banner("http://localhost:8080", "SQLite in the data directory", "/srv/data");

		assertThat(banner).contains("Admin pages:        http://localhost:8080/admin ")
			.contains("--reset-admin-password")
			.doesNotContain("pbi-export.admin.password")
			.contains("Portal:             http://localhost:8080/")
			.contains("Data directory:     /srv/data");
	}

}
