package org.pbiexport.security;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.Text;

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
 * viewers (read only). The user store sits with sign-in, which reads it; the admin pages
 * manage it through this API. Passwords are stored only as hashes. Disabling a user,
 * changing their role or resetting their password ends their sessions: a session must not
 * keep rights its user no longer has.
 */
@Service
public class UserAccounts implements UserDetailsService {

	public enum Role {

		ADMIN, EDITOR, VIEWER

	}

	public static final int MIN_PASSWORD_LENGTH = 10;

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	private final SignedInSessions sessions;

	private final Clock clock = Clock.systemUTC();

	UserAccounts(JdbcClient jdbc, PasswordEncoder passwords, SignedInSessions sessions) {
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.sessions = sessions;
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
	public Optional<Role> role(String username) {
		return this.jdbc.sql("SELECT role FROM users WHERE username = ?")
			.param(username)
			.query(String.class)
			.optional()
			.map(Role::valueOf);
	}

	/** Creates a user unless one of that name exists. @return whether it was created */
	@Transactional
	public boolean createIfAbsent(String username, String rawPassword, Role role) {
		if (role(username).isPresent()) {
			return false;
		}
		this.jdbc.sql("INSERT INTO users (username, password_hash, role, enabled, created_at) VALUES (?, ?, ?, ?, ?)")
			.params(username, this.passwords.encode(rawPassword), role.name(), true, this.clock.millis())
			.update();
		return true;
	}

	/** A user as the admin pages list them. */
	public record Account(String username, Role role, boolean enabled, Instant createdAt) {
	}

	@Transactional(readOnly = true)
	public List<Account> list() {
		return this.jdbc.sql("SELECT username, role, enabled, created_at FROM users ORDER BY LOWER(username)")
			.query((rs, row) -> new Account(rs.getString("username"), Role.valueOf(rs.getString("role")),
					rs.getBoolean("enabled"), Instant.ofEpochMilli(rs.getLong("created_at"))))
			.list();
	}

	/**
	 * Adds a user.
	 * @throws ApiProblem naming the field when the name is taken or malformed, or the
	 * password too short
	 */
	@Transactional
	public void create(String username, String rawPassword, Role role) {
		String name = (username != null) ? username.trim() : "";
		if (!USERNAME.matcher(name).matches()) {
			throw ApiProblem.invalid("username", Text.of("users.problem.name",
					"must be 1 to 100 letters, digits or . _ @ - (no spaces), got '" + name + "'", name));
		}
		checkPassword("password", rawPassword);
		if (!createIfAbsent(name, rawPassword, role)) {
			throw ApiProblem.invalid("username",
					Text.of("users.problem.taken", "'" + name + "' is already taken", name));
		}
	}

	@Transactional
	public void changeRole(String username, Role role) {
		if (role != Role.ADMIN) {
			keepAnAdmin(username);
		}
		if (this.jdbc.sql("UPDATE users SET role = ? WHERE username = ? AND role <> ?")
			.params(role.name(), username, role.name())
			.update() > 0) {
			this.sessions.endAll(username);
		}
	}

	@Transactional
	public void setEnabled(String username, boolean enabled) {
		if (!enabled) {
			keepAnAdmin(username);
		}
		this.jdbc.sql("UPDATE users SET enabled = ? WHERE username = ?").params(enabled, username).update();
		if (!enabled) {
			this.sessions.endAll(username);
		}
	}

	/** An admin sets someone's password: whoever was signed in as them is signed out. */
	@Transactional
	public void setPassword(String username, String rawPassword) {
		storePassword(username, rawPassword);
		this.sessions.endAll(username);
	}

	private void storePassword(String username, String rawPassword) {
		checkPassword("password", rawPassword);
		this.jdbc.sql("UPDATE users SET password_hash = ? WHERE username = ?")
			.params(this.passwords.encode(rawPassword), username)
			.update();
	}

	/**
	 * Changes one's own password after checking the current one, and ends one's other
	 * sessions (someone who knew the old password may be in one).
	 * @param keptSessionId the session the change was made in, which stays
	 * @throws ApiProblem naming the field that is wrong
	 */
	@Transactional
	public void changeOwnPassword(String username, String current, String replacement, String repeated,
			String keptSessionId) {
		String stored = this.jdbc.sql("SELECT password_hash FROM users WHERE username = ?")
			.param(username)
			.query(String.class)
			.optional()
			.orElseThrow(() -> ApiProblem.invalid("current_password", "this account cannot change its password here"));
		if (current == null || !this.passwords.matches(current, stored)) {
			throw ApiProblem.invalid("current_password", "is not your current password");
		}
		checkPassword("new_password", replacement);
		if (!replacement.equals(repeated)) {
			throw ApiProblem.invalid("repeat_password", "must be the same as the new password");
		}
		storePassword(username, replacement);
		this.sessions.endAllBut(username, keptSessionId);
	}

	private static void checkPassword(String field, String rawPassword) {
		if (rawPassword == null || rawPassword.length() < MIN_PASSWORD_LENGTH || rawPassword.length() > 200) {
			throw ApiProblem.invalid(field, Text.of("users.problem.password",
					"must be " + MIN_PASSWORD_LENGTH + " to 200 characters long", MIN_PASSWORD_LENGTH));
		}
	}

	/** Refuses to leave the app without an enabled admin. */
	private void keepAnAdmin(String username) {
		long otherAdmins = this.jdbc.sql("SELECT COUNT(*) FROM users WHERE role = ? AND enabled = ? AND username <> ?")
			.params(Role.ADMIN.name(), true, username)
			.query(Long.class)
			.single();
		if (otherAdmins == 0) {
			throw ApiProblem.invalid("role", Text.of("users.problem.last.admin",
					"'" + username + "' is the last enabled admin; make another admin first", username));
		}
	}

}
