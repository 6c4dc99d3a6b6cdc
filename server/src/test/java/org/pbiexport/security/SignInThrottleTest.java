package org.pbiexport.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The brake on guessing passwords, on a clock the test moves: free tries, then waits that
 * double up to a limit and pass; a success clears its account but not its address.
 */
class SignInThrottleTest {

	MovableClock clock = new MovableClock();

	SignInThrottle throttle = new SignInThrottle(
			new SignInProperties(3, 10, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(1)),
			this.clock);

	@Test
	void theWaitStartsAfterTheFreeFailuresDoublesAndEnds() {
		this.throttle.failed("alice", "10.0.0.1");
		this.throttle.failed("alice", "10.0.0.1");
		assertThat(this.throttle.waitFor("alice", "10.0.0.1")).isZero();

		this.throttle.failed("alice", "10.0.0.1");
		assertThat(this.throttle.waitFor("Alice", "10.0.0.2")).isEqualTo(Duration.ofSeconds(2));
		this.throttle.failed("alice", "10.0.0.1");
		assertThat(this.throttle.waitFor("alice", "10.0.0.2")).isEqualTo(Duration.ofSeconds(4));
		for (int i = 0; i < 10; i++) {
			this.throttle.failed("alice", "10.0.0.3");
		}
		assertThat(this.throttle.waitFor("alice", "10.0.0.9")).isEqualTo(Duration.ofSeconds(30));

		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.throttle.waitFor("alice", "10.0.0.9")).isZero();
	}

	@Test
	void aSuccessClearsTheAccountButNotTheAddress() {
		for (int i = 0; i < 10; i++) {
			this.throttle.failed("user-" + i, "10.0.0.5");
		}
		assertThat(this.throttle.waitFor("bob", "10.0.0.5")).isPositive();
		assertThat(this.throttle.waitFor("bob", "10.0.0.6")).isZero();

		this.throttle.failed("carol", "10.0.0.7");
		this.throttle.failed("carol", "10.0.0.7");
		this.throttle.succeeded("carol");
		this.throttle.failed("carol", "10.0.0.7");
		assertThat(this.throttle.waitFor("carol", "10.0.0.8")).isZero();
		assertThat(this.throttle.waitFor("bob", "10.0.0.5")).isPositive();
	}

	static final class MovableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration by) {
			this.now = this.now.plus(by);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
