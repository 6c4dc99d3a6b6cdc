package org.pbiexport.cluster;

import io.lettuce.core.RedisException;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness of a scaled-out node: DOWN while Redis, which carries its queue, job records
 * and files, does not answer, so a load balancer sends no requests that could only fail.
 */
class RedisHealth implements HealthIndicator {

	private final RedisConnections redis;

	RedisHealth(RedisConnections redis) {
		this.redis = redis;
	}

	@Override
	public Health health() {
		try {
			this.redis.text().sync().ping();
			return Health.up().build();
		}
		catch (RedisException ex) {
			return Health.down().withDetail("redis", "not reachable").build();
		}
	}

}
