package org.pbiexport.queue;

import java.util.Map;

/**
 * Writes a job as text fields and reads it back, for a queue that keeps jobs outside this
 * process (a Redis stream entry). {@code decode(encode(job))} equals {@code job}.
 */
public interface JobCodec<T> {

	Map<String, String> encode(T job);

	T decode(Map<String, String> fields);

}
