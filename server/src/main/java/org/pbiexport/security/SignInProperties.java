package org.pbiexport.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How hard guessing passwords is made ({@code pbi-export.sign-in.*}): after a number of
 * failed sign-ins for one account, or from one client address, further tries wait, twice
 * as long after each new failure, up to a limit. The right password is refused too while
 * a wait lasts.
 *
 * @param failuresPerAccount failed sign-ins for one user name before tries must wait
 * @param failuresPerAddress failed sign-ins from one client address (any user names)
 * before tries must wait
 * @param firstWait the first wait; each further failure doubles it
 * @param longestWait the longest wait
 * @param forgetAfter failures are forgotten this long after the last one
 */
@ConfigurationProperties("pbi-export.sign-in")
record SignInProperties(@DefaultValue("5") int failuresPerAccount, @DefaultValue("20") int failuresPerAddress,
		@DefaultValue("2s") Duration firstWait, @DefaultValue("5m") Duration longestWait,
		@DefaultValue("1h") Duration forgetAfter) {

}
