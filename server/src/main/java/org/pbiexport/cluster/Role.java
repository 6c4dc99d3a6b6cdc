package org.pbiexport.cluster;

/**
 * What a node does ({@code pbi-export.role}). {@link #ALL} is the embedded default: one
 * process, in-process queue, local cache. Scaled out, {@link #WEB} nodes answer HTTP and
 * start no browser; {@link #WORKER} nodes render and serve only health and metrics; both
 * share Redis and the metadata database.
 */
public enum Role {

	ALL, WEB, WORKER;

	/** Whether this role renders in this process. */
	public boolean renders() {
		return this != WEB;
	}

	/** Whether this role needs Redis. */
	public boolean scaledOut() {
		return this != ALL;
	}

}
