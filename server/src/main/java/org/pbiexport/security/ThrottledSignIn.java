package org.pbiexport.security;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks user names and passwords (for the sign-in page and for HTTP Basic alike) behind
 * a brake: while {@link SignInThrottle} says to wait, a sign-in is refused without
 * looking at the password. Every failure is logged with the user name and client address
 * (never the password) and counted in {@code pbi_export_sign_in_failures_total{outcome}}.
 */
class ThrottledSignIn implements AuthenticationProvider {

	private static final Logger log = LoggerFactory.getLogger(ThrottledSignIn.class);

	private final DaoAuthenticationProvider passwords;

	private final SignInThrottle throttle;

	private final Counter badCredentials;

	private final Counter disabled;

	private final Counter throttled;

	ThrottledSignIn(UserDetailsService users, PasswordEncoder encoder, SignInProperties settings,
			MeterRegistry meters) {
		this.passwords = new DaoAuthenticationProvider(users);
		this.passwords.setPasswordEncoder(encoder);
		this.throttle = new SignInThrottle(settings, Clock.systemUTC());
		this.badCredentials = failures(meters, "bad_credentials");
		this.disabled = failures(meters, "account_disabled");
		this.throttled = failures(meters, "throttled");
	}

	private static Counter failures(MeterRegistry meters, String outcome) {
		return Counter.builder("pbi_export.sign_in.failures")
			.description("Failed sign-ins (sign-in page and HTTP Basic), by outcome")
			.tag("outcome", outcome)
			.register(meters);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String username = authentication.getName();
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails web) ? web.getRemoteAddress()
				: null;
		Duration wait = this.throttle.waitFor(username, address);
		if (!wait.isZero()) {
			SignInThrottled refused = new SignInThrottled(wait);
			this.throttled.increment();
			log.warn("Refused a sign-in as '{}' from {} without checking it: too many failures, {} s to wait",
					printable(username), address, refused.retryAfterSeconds());
			throw refused;
		}
		try {
			Authentication result = this.passwords.authenticate(authentication);
			this.throttle.succeeded(username);
			return result;
		}
		catch (BadCredentialsException | AccountStatusException ex) {
			int inARow = this.throttle.failed(username, address);
			((ex instanceof AccountStatusException) ? this.disabled : this.badCredentials).increment();
			log.warn("Failed sign-in as '{}' from {} ({}; {} in a row for this account)", printable(username), address,
					(ex instanceof AccountStatusException) ? "account disabled" : "wrong user name or password",
					inARow);
			throw ex;
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/** A user name as typed, made safe for one log line. */
	static String printable(String username) {
		if (username == null) {
			return "";
		}
		String cleaned = username.replaceAll("\\p{Cntrl}", "?");
		return (cleaned.length() > 100) ? cleaned.substring(0, 100) + "…" : cleaned;
	}

}
