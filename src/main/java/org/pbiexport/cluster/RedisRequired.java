package org.pbiexport.cluster;

/**
 * A web or worker node cannot start: it needs Redis, which is not configured or not
 * reachable.
 */
class RedisRequired extends RuntimeException {

	private final Role role;

	private final String url;

	RedisRequired(Role role, String url, Throwable cause) {
		super("pbi-export.role=" + role.name().toLowerCase() + " needs Redis"
				+ ((url == null) ? " (spring.data.redis.url is not set)" : " at " + url), cause);
		this.role = role;
		this.url = url;
	}

	Role role() {
		return this.role;
	}

	String url() {
		return this.url;
	}

}
