package org.pbiexport.client;

import org.jspecify.annotations.Nullable;

/**
 * Where an export job is ({@code GET /api/exports/{id}}).
 *
 * @param id the job id
 * @param status {@code queued}, {@code running}, {@code done} or {@code failed}
 * @param progress from 0 to 1
 * @param error why it failed, or {@code null}
 */
public record JobStatus(String id, String status, double progress, @Nullable ApiProblem error) {

	/**
	 * Whether the job has ended, well or not.
	 * @return whether it is done or failed
	 */
	public boolean finished() {
		return "done".equals(this.status) || "failed".equals(this.status);
	}

}
