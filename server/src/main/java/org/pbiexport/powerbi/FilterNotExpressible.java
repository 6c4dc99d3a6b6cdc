package org.pbiexport.powerbi;

import org.jspecify.annotations.Nullable;

/**
 * A filter that the URL filter language cannot express; the message says why, for people.
 */
public class FilterNotExpressible extends RuntimeException {

	private final @Nullable String column;

	public FilterNotExpressible(@Nullable String column, String message) {
		super(message);
		this.column = column;
	}

	/**
	 * The column of the condition that cannot be expressed, or null when it is about all
	 * of them.
	 */
	public @Nullable String column() {
		return this.column;
	}

}
