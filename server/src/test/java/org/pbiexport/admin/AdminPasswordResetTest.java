package org.pbiexport.admin;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pbiexport.PbiExportApplication;
import org.pbiexport.security.UserAccounts;
import org.pbiexport.testsupport.ReadsTheLog;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator who lost the admin password runs the jar with
 * {@code --reset-admin-password}: the old password stops working, the new one printed
 * once works, and no web server is started.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminPasswordResetTest {

	private static final Pattern PRINTED = Pattern
		.compile("reset\\. Sign in at /admin with\\R\\s+user:\\s+admin\\R" + "\\s+password:\\s+(\\S+)");

	@Test
	@ReadsTheLog
	void resettingGivesAdminANewPasswordAndServesNothing(@TempDir Path dataDir, CapturedOutput output) {
		String[] args = { "--reset-admin-password", "--pbi-export.data-dir=" + dataDir,
				"--pbi-export.admin.password=the-old-password", "--pbi-export.demo.seed=false" };
		try (ConfigurableApplicationContext context = PbiExportApplication.start(args)) {
			assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
			Matcher printed = PRINTED.matcher(output.getOut());
			assertThat(printed.find()).as(output.getOut()).isTrue();
			String stored = context.getBean(UserAccounts.class).loadUserByUsername("admin").getPassword();
			PasswordEncoder encoder = context.getBean(PasswordEncoder.class);
			assertThat(encoder.matches(printed.group(1), stored)).isTrue();
			assertThat(encoder.matches("the-old-password", stored)).isFalse();
		}
	}

}
