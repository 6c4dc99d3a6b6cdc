package org.pbiexport.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.pbiexport.cache.ArtifactStore;
import org.pbiexport.cache.CacheProperties;
import org.pbiexport.cache.RedisArtifactStore;
import org.pbiexport.queue.JobQueues;
import org.pbiexport.queue.RedisJobQueue;
import org.pbiexport.queue.RedisJobQueues;
import org.pbiexport.queue.RedisSignals;
import org.pbiexport.queue.Signals;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * A scaled-out node ({@code pbi-export.role} web or worker): the shared cache, the export
 * stream and the signals on Redis, Redis in the readiness group, and on a worker the
 * paths it serves. The embedded default ({@code all}) has none of this.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${pbi-export.role:all}' != 'all'")
class ScaledOutConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ScaledOutConfiguration.class);

	@Bean(destroyMethod = "close")
	RedisConnections redisConnections(ClusterProperties cluster, @Value("${spring.data.redis.url:}") String url,
			WorkerId worker) {
		RedisConnections connections = new RedisConnections(cluster.role(), url, cluster.redis().timeout());
		log.info("{} node {} shares its queue and cache through Redis at {} (keys {}*)",
				cluster.role().name().toLowerCase(), worker, connections.url(), cluster.redis().keyPrefix());
		return connections;
	}

	@Bean
	ArtifactStore redisArtifactStore(RedisConnections redis, ClusterProperties cluster, CacheProperties cache) {
		return new RedisArtifactStore(redis.bytes(), cluster.redis().keyPrefix(),
				(int) cache.cache().redisChunkSize().toBytes());
	}

	@Bean(destroyMethod = "close")
	RedisSignals redisSignals(RedisConnections redis, ClusterProperties cluster) {
		return new RedisSignals(redis.client(), cluster.redis().keyPrefix());
	}

	@Bean
	JobQueues redisJobQueues(RedisConnections redis, ClusterProperties cluster, WorkerId worker, MeterRegistry meters) {
		return new RedisJobQueues(redis.client(), cluster.redis().keyPrefix(), worker.value(),
				cluster.queue().reclaimAfter(),
				(name, queue) -> FunctionCounter.builder("pbi_export_reclaimed", queue, RedisJobQueue::reclaimed)
					.description("jobs this node took over from a worker that died or stalled")
					.tag("queue", name)
					.tag("worker", worker.value())
					.register(meters));
	}

	@Bean("redis")
	HealthIndicator redisHealth(RedisConnections redis) {
		return new RedisHealth(redis);
	}

	@Bean
	@ConditionalOnProperty(name = "pbi-export.role", havingValue = "worker")
	FilterRegistrationBean<WorkerPaths> workerPaths() {
		FilterRegistrationBean<WorkerPaths> registration = new FilterRegistrationBean<>(new WorkerPaths());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
