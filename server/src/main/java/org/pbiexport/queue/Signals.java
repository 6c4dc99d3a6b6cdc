package org.pbiexport.queue;

import java.util.function.Consumer;

/**
 * Short messages to every node that listens (a render finished, a report changed): the
 * in-process adapter calls this process's listeners; the Redis adapter publishes on a
 * channel that every node subscribes to. Delivery is at most once: a listener that must
 * not miss one also checks the state it is waiting for now and then.
 */
public interface Signals {

	/** Sends {@code message} to every listener of {@code channel}, on every node. */
	void publish(String channel, String message);

	/**
	 * Calls {@code listener} with each message published on {@code channel} from now on,
	 * on a thread of the adapter's (never block in it).
	 * @return stops listening when closed
	 */
	Subscription subscribe(String channel, Consumer<String> listener);

	/** A listener's registration. */
	interface Subscription extends AutoCloseable {

		@Override
		void close();

	}

}
