package org.pbiexport.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Counts failed sign-ins per account and per client address, in memory, and says how long
 * the next try must wait: nothing for the first few failures, then a wait that doubles
 * with each further failure up to a limit. Failures are forgotten some time after the
 * last one; a success clears its account's count (not its address's, or one valid account
 * would let an address guess others' passwords freely). Bounded: at most
 * {@value #MAX_ENTRIES} accounts and addresses are tracked.
 */
class SignInThrottle {

	static final int MAX_ENTRIES = 100_000;

	private final SignInProperties settings;

	private final Clock clock;

	private final Cache<String, Failures> failures;

	SignInThrottle(SignInProperties settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
		this.failures = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(settings.forgetAfter()).build();
	}

	private record Failures(int count, Instant waitUntil) {
	}

	/**
	 * How long a sign-in as this user from this address must still wait; zero for none.
	 */
	Duration waitFor(String username, String address) {
		Instant now = this.clock.instant();
		Duration account = remaining(accountKey(username), now);
		Duration client = remaining(addressKey(address), now);
		return (account.compareTo(client) >= 0) ? account : client;
	}

	/** A failed sign-in. @return the failures of this account in a row */
	int failed(String username, String address) {
		Instant now = this.clock.instant();
		record(addressKey(address), this.settings.failuresPerAddress(), now);
		return record(accountKey(username), this.settings.failuresPerAccount(), now).count();
	}

	void succeeded(String username) {
		this.failures.invalidate(accountKey(username));
	}

	private Failures record(String key, int free, Instant now) {
		return this.failures.asMap().compute(key, (k, before) -> {
			int count = (before != null) ? before.count() + 1 : 1;
			Instant until = (before != null) ? before.waitUntil() : Instant.MIN;
			if (count >= free) {
				until = now.plus(delay(count - free));
			}
			return new Failures(count, until);
		});
	}

	private Duration delay(int beyond) {
		Duration longest = this.settings.longestWait();
		if (beyond >= 40) {
			return longest;
		}
		Duration wait = this.settings.firstWait().multipliedBy(1L << beyond);
		return (wait.compareTo(longest) > 0) ? longest : wait;
	}

	private Duration remaining(String key, Instant now) {
		Failures known = this.failures.getIfPresent(key);
		if (known == null || !known.waitUntil().isAfter(now)) {
			return Duration.ZERO;
		}
		return Duration.between(now, known.waitUntil());
	}

	private static String accountKey(String username) {
		String name = (username != null) ? username.trim().toLowerCase(Locale.ROOT) : "";
		return "account:" + ((name.length() > 200) ? name.substring(0, 200) : name);
	}

	private static String addressKey(String address) {
		return "address:" + ((address != null) ? address : "unknown");
	}

}
