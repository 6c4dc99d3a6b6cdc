package org.pbiexport.queue;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded default: queues live in this process. */
@Configuration(proxyBeanMethods = false)
class QueueConfiguration {

	@Bean
	@ConditionalOnMissingBean(JobQueues.class)
	JobQueues inProcessJobQueues() {
		return new JobQueues() {
			@Override
			public <T> JobQueue<T> create(String name, int capacity) {
				return new InProcessJobQueue<>(capacity);
			}

			@Override
			public <T> JobQueue<T> create(String name, int capacity, int perClient, Fairness<T> fairness) {
				return new InProcessJobQueue<>(capacity, perClient, fairness);
			}
		};
	}

}
