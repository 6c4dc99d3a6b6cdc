package org.pbiexport.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Signals within this process: the embedded default's, where every listener is local. */
public final class InProcessSignals implements Signals {

	private static final Logger log = LoggerFactory.getLogger(InProcessSignals.class);

	private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();

	@Override
	public void publish(String channel, String message) {
		for (Consumer<String> listener : this.listeners.getOrDefault(channel, List.of())) {
			try {
				listener.accept(message);
			}
			catch (RuntimeException ex) {
				log.warn("A listener of {} failed: {}", channel, ex.toString());
			}
		}
	}

	@Override
	public Subscription subscribe(String channel, Consumer<String> listener) {
		this.listeners.computeIfAbsent(channel, (name) -> new CopyOnWriteArrayList<>()).add(listener);
		return () -> this.listeners.getOrDefault(channel, List.of()).remove(listener);
	}

}
