package org.pbiexport.security;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How passwords are hashed: bcrypt, behind Spring Security's delegating encoder so it can
 * change; and how they are checked, behind the brake on guessing
 * ({@link ThrottledSignIn}).
 */
@Configuration(proxyBeanMethods = false)
class Passwords {

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/** The only authentication provider: Spring Security uses it for every sign-in. */
	@Bean
	ThrottledSignIn throttledSignIn(UserDetailsService users, PasswordEncoder encoder, SignInProperties settings,
			MeterRegistry meters) {
		return new ThrottledSignIn(users, encoder, settings, meters);
	}

}
