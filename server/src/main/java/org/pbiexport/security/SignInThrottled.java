package org.pbiexport.security;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/**
 * A sign-in refused without checking its password, because too many sign-ins for the same
 * account or from the same address failed just before.
 */
class SignInThrottled extends AuthenticationException {

	private final Duration retryAfter;

	SignInThrottled(Duration retryAfter) {
		super("Too many failed sign-ins; wait " + seconds(retryAfter) + " s");
		this.retryAfter = retryAfter;
	}

	/** Whole seconds to wait, at least one. */
	long retryAfterSeconds() {
		return seconds(this.retryAfter);
	}

	private static long seconds(Duration wait) {
		return Math.max(1, (wait.toMillis() + 999) / 1000);
	}

}
