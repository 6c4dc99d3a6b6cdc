package org.pbiexport.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A node's part in a deployment, under {@code pbi-export}.
 *
 * @param role {@code pbi-export.role}: all, web or worker
 * @param worker {@code pbi-export.worker.*}
 * @param redis {@code pbi-export.redis.*}, when scaled out
 * @param queue {@code pbi-export.queue.*}: the cluster's export stream, when scaled out
 */
@ConfigurationProperties("pbi-export")
public record ClusterProperties(@DefaultValue("all") Role role, @DefaultValue Worker worker, @DefaultValue Redis redis,
		@DefaultValue Queue queue) {

	/**
	 * @param id the worker's name in logs, metrics, job status and {@code X-Rendered-By};
	 * empty: host name and process id
	 */
	public record Worker(String id) {
	}

	/**
	 * @param keyPrefix what every key and channel of this deployment starts with, so that
	 * several deployments can share one Redis
	 * @param timeout the longest a Redis command may take; while Redis is unreachable,
	 * commands are refused at once instead
	 */
	public record Redis(@DefaultValue("pbi-export:") String keyPrefix, @DefaultValue("2s") Duration timeout) {
	}

	/**
	 * @param capacity exports that may wait in the cluster's stream (taken ones
	 * included); more are refused with 429 and Retry-After
	 * @param reclaimAfter how long a taken export may go unconfirmed by its worker before
	 * another worker takes it over (its worker died, or worked past its budget)
	 */
	public record Queue(@DefaultValue("200") int capacity, @DefaultValue("30s") Duration reclaimAfter) {
	}

}
