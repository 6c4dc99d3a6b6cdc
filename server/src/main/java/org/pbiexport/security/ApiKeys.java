package org.pbiexport.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keys for sites, scripts and the desktop client. A key is shown once, when it is made;
 * only its SHA-256 is stored (a key is 144 random bits, so a fast hash is safe and keeps
 * every API call cheap). Its visible prefix names it in lists and logs.
 */
@Service
public class ApiKeys {

	private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

	/** {@code pbx_<prefix>_<secret>}. */
	private static final Pattern FORMAT = Pattern.compile("pbx_([A-Za-z0-9]{10})_([A-Za-z0-9_-]{24,64})");

	private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	/** Last use is written at most this often per key, not on every call. */
	private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

	private final JdbcClient jdbc;

	private final SecureRandom random = new SecureRandom();

	private final Clock clock = Clock.systemUTC();

	ApiKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A stored key.
	 *
	 * @param reportIds the reports it may use; empty for all
	 * @param origins the page origins it may be used from; empty for any
	 */
	public record ApiKey(long id, String name, String prefix, Set<Long> reportIds, Set<String> origins,
			boolean adminAccess, Instant createdAt, String createdBy, @Nullable Instant revokedAt,
			@Nullable Instant lastUsedAt, @Nullable Instant expiresAt) {

		public boolean revoked() {
			return this.revokedAt != null;
		}

		/** Whether it has expired by now: it is refused from its expiry on. */
		public boolean expired() {
			return expiredAt(Instant.now());
		}

		boolean expiredAt(Instant now) {
			return this.expiresAt != null && !now.isBefore(this.expiresAt);
		}

		public boolean allowsOrigin(String origin) {
			return this.origins.isEmpty() || origin == null || this.origins.contains(origin);
		}

	}

	/** A new key and its secret, which is never shown again. */
	public record CreatedKey(ApiKey key, String secret) {
	}

	@Transactional
	public CreatedKey create(String name, Set<Long> reportIds, Set<String> origins, boolean adminAccess, String actor) {
		return create(name, reportIds, origins, adminAccess, null, actor);
	}

	/**
	 * Makes a key.
	 * @param expiresAt when it stops working; null for never
	 */
	@Transactional
	public CreatedKey create(String name, Set<Long> reportIds, Set<String> origins, boolean adminAccess,
			@Nullable Instant expiresAt, String actor) {
		String prefix = randomText(10);
		String secret = "pbx_" + prefix + "_" + randomText(32);
		this.jdbc.sql("""
				INSERT INTO api_keys (name, key_prefix, secret_hash, report_ids, origins, admin_access, created_at,
				    created_by, expires_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(name, prefix, hash(secret), join(reportIds, ","), join(origins, " "), adminAccess,
					this.clock.millis(), actor, (expiresAt != null) ? expiresAt.toEpochMilli() : null)
			.update();
		return new CreatedKey(byPrefix(prefix).orElseThrow(), secret);
	}

	@Transactional(readOnly = true)
	public List<ApiKey> list() {
		return this.jdbc.sql("SELECT * FROM api_keys ORDER BY revoked_at IS NOT NULL, LOWER(name), id")
			.query(ApiKeys::key)
			.list();
	}

	/**
	 * @return whether a key that was not yet revoked is now
	 */
	@Transactional
	public boolean revoke(long id) {
		return this.jdbc.sql("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
			.params(this.clock.millis(), id)
			.update() == 1;
	}

	/**
	 * The key a client sent, when it exists and is not revoked, expired or not (the
	 * caller refuses an {@link ApiKey#expired() expired} one, saying so); notes that a
	 * key not expired was used.
	 */
	public Optional<ApiKey> verify(String presented) {
		Matcher parts = FORMAT.matcher((presented != null) ? presented.trim() : "");
		if (!parts.matches()) {
			return Optional.empty();
		}
		Optional<StoredKey> stored = this.jdbc.sql("SELECT * FROM api_keys WHERE key_prefix = ? AND revoked_at IS NULL")
			.param(parts.group(1))
			.query((rs, row) -> new StoredKey(key(rs, row), rs.getString("secret_hash")))
			.optional();
		if (stored.isEmpty() || !MessageDigest.isEqual(hash(presented.trim()).getBytes(StandardCharsets.US_ASCII),
				stored.get().hash().getBytes(StandardCharsets.US_ASCII))) {
			return Optional.empty();
		}
		ApiKey key = stored.get().key();
		Instant now = this.clock.instant();
		if (key.expiredAt(now)) {
			return Optional.of(key);
		}
		if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(now.minus(TOUCH_EVERY))) {
			// Only then: a write on every call would serialise all API calls on SQLite.
			// Outside a transaction, and best effort: noting the use must never fail the
			// call.
			try {
				this.jdbc.sql("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
					.params(now.toEpochMilli(), key.id())
					.update();
			}
			catch (DataAccessException ex) {
				log.debug("Could not note the use of API key {}: {}", key.prefix(), ex.getMessage());
			}
		}
		return Optional.of(key);
	}

	private Optional<ApiKey> byPrefix(String prefix) {
		return this.jdbc.sql("SELECT * FROM api_keys WHERE key_prefix = ?")
			.param(prefix)
			.query(ApiKeys::key)
			.optional();
	}

	private static ApiKey key(ResultSet rs, int row) throws SQLException {
		return new ApiKey(rs.getLong("id"), rs.getString("name"), rs.getString("key_prefix"),
				ids(rs.getString("report_ids")), words(rs.getString("origins")), rs.getBoolean("admin_access"),
				instant(rs.getObject("created_at")), rs.getString("created_by"), instant(rs.getObject("revoked_at")),
				instant(rs.getObject("last_used_at")), instant(rs.getObject("expires_at")));
	}

	private record StoredKey(ApiKey key, String hash) {
	}

	private String randomText(int length) {
		char[] text = new char[length];
		for (int i = 0; i < length; i++) {
			text[i] = ALPHANUMERIC.charAt(this.random.nextInt(ALPHANUMERIC.length()));
		}
		return new String(text);
	}

	static String hash(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	private static String join(Set<?> items, String separator) {
		return items.stream().map(String::valueOf).collect(Collectors.joining(separator));
	}

	private static Set<Long> ids(String text) {
		return Arrays.stream(text.split(","))
			.map(String::trim)
			.filter((id) -> !id.isEmpty())
			.map(Long::valueOf)
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private static Set<String> words(String text) {
		return Arrays.stream(text.split("\\s+"))
			.filter((word) -> !word.isEmpty())
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private static @Nullable Instant instant(@Nullable Object millis) {
		return (millis instanceof Number number) ? Instant.ofEpochMilli(number.longValue()) : null;
	}

}
