package org.pbiexport.queue;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default ({@code pbi-export.role=all}): queues and signals live in this
 * process. Scaled out, the cluster module registers the Redis adapters instead.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pbi-export.role", havingValue = "all", matchIfMissing = true)
class QueueConfiguration {

	@Bean
	Signals inProcessSignals() {
		return new InProcessSignals();
	}

	@Bean
	JobQueues inProcessJobQueues() {
		return new InProcessJobQueues();
	}

}
