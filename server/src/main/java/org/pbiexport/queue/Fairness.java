package org.pbiexport.queue;

/**
 * What a fair queue needs to know of a job: whose it is (an API key, or the caller's
 * address when anonymous) and whether it can wait behind interactive work (an async job).
 */
public interface Fairness<T> {

	String client(T job);

	boolean background(T job);

	/** Every job the same client's, interactive: a plain bounded queue. */
	static <T> Fairness<T> none() {
		return new Fairness<>() {
			@Override
			public String client(T job) {
				return "";
			}

			@Override
			public boolean background(T job) {
				return false;
			}
		};
	}

}
