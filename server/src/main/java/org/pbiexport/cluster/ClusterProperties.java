package org.pbiexport.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * A node's part in a deployment. Each group binds its own prefix
 * ({@code pbi-export.worker}, {@code pbi-export.redis}, {@code pbi-export.queue}), which
 * only this module binds; the role is one setting at the top, read by name.
 *
 * @param role {@code pbi-export.role}: all, web or worker
 * @param worker {@code pbi-export.worker.*}
 * @param redis {@code pbi-export.redis.*}, when scaled out
 * @param queue {@code pbi-export.queue.*}: the cluster's export stream, when scaled out
 */
public record ClusterProperties(Role role, Worker worker, Redis redis, Queue queue) {

	/**
	 * @param id the worker's name in logs, metrics, job status and {@code X-Rendered-By};
	 * empty: host name and process id
	 */
	@ConfigurationProperties("pbi-export.worker")
	public record Worker(String id) {
	}

	/**
	 * @param keyPrefix what every key and channel of this deployment starts with, so that
	 * several deployments can share one Redis
	 * @param timeout the longest a Redis command may take; while Redis is unreachable,
	 * commands are refused at once instead
	 */
	@ConfigurationProperties("pbi-export.redis")
	public record Redis(@DefaultValue("pbi-export:") String keyPrefix, @DefaultValue("2s") Duration timeout) {
	}

	/**
	 * @param capacity exports that may wait in the cluster's stream (taken ones
	 * included); more are refused with 429 and Retry-After
	 * @param reclaimAfter how long a taken export may go unconfirmed by its worker before
	 * another worker takes it over (its worker died, or worked past its budget)
	 */
	@ConfigurationProperties("pbi-export.queue")
	public record Queue(@DefaultValue("200") int capacity, @DefaultValue("30s") Duration reclaimAfter) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ Worker.class, Redis.class, Queue.class })
	static class Binding {

		/**
		 * The role is bound like any property, so a wrong one fails the start naming the
		 * roles there are.
		 */
		@Bean
		ClusterProperties clusterProperties(Environment environment, Worker worker, Redis redis, Queue queue) {
			Role role = Binder.get(environment).bind("pbi-export.role", Role.class).orElse(Role.ALL);
			return new ClusterProperties(role, worker, redis, queue);
		}

	}

}
