package org.pbiexport.cluster;

import org.jspecify.annotations.Nullable;

/**
 * A web or worker node cannot start: it needs Redis, which is not configured or not
 * reachable.
 */
class RedisRequired extends RuntimeException {

	private final Role role;

	private final @Nullable String url;

	RedisRequired(Role role, @Nullable String url, @Nullable Throwable cause) {
		super("pbi-export.role=" + role.name().toLowerCase() + " needs Redis"
				+ ((url == null) ? " (spring.data.redis.url is not set)" : " at " + url), cause);
		this.role = role;
		this.url = url;
	}

	Role role() {
		return this.role;
	}

	@Nullable String url() {
		return this.url;
	}

}
