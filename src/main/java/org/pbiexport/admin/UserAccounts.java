package org.pbiexport.admin;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people who may sign in: admins (everything), editors (reports and imports) and
 * viewers (read only). Passwords are stored only as hashes.
 */
@Service
class UserAccounts implements UserDetailsService {

	enum Role {

		ADMIN, EDITOR, VIEWER

	}

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	private final Clock clock = Clock.systemUTC();

	UserAccounts(JdbcClient jdbc, PasswordEncoder passwords) {
		this.jdbc = jdbc;
		this.passwords = passwords;
	}

	@Override
	@Transactional(readOnly = true)
	public UserDetails loadUserByUsername(String username) {
		return this.jdbc.sql("SELECT username, password_hash, role, enabled FROM users WHERE username = ?")
			.param(username)
			.query((rs, row) -> User.withUsername(rs.getString("username"))
				.password(rs.getString("password_hash"))
				.authorities(List.of(new SimpleGrantedAuthority("ROLE_" + rs.getString("role"))))
				.disabled(!rs.getBoolean("enabled"))
				.build())
			.optional()
			.orElseThrow(() -> new UsernameNotFoundException("no such user"));
	}

	@Transactional(readOnly = true)
	Optional<Role> role(String username) {
		return this.jdbc.sql("SELECT role FROM users WHERE username = ?")
			.param(username)
			.query(String.class)
			.optional()
			.map(Role::valueOf);
	}

	/** Creates a user unless one of that name exists. @return whether it was created */
	@Transactional
	boolean createIfAbsent(String username, String rawPassword, Role role) {
		if (role(username).isPresent()) {
			return false;
		}
		this.jdbc.sql("INSERT INTO users (username, password_hash, role, enabled, created_at) VALUES (?, ?, ?, ?, ?)")
			.params(username, this.passwords.encode(rawPassword), role.name(), true, this.clock.millis())
			.update();
		return true;
	}

}
