package org.pbiexport.powerbi;

/**
 * A filter that the URL filter language cannot express; the message says why, for people.
 */
public class FilterNotExpressible extends RuntimeException {

	private final String column;

	public FilterNotExpressible(String column, String message) {
		super(message);
		this.column = column;
	}

	/**
	 * The column of the condition that cannot be expressed, or null when it is about all
	 * of them.
	 */
	public String column() {
		return this.column;
	}

}
