package org.pbiexport.powerbi;

/** A render address whose query string is longer than Power BI accepts. */
public class QueryTooLong extends RuntimeException {

	public QueryTooLong(int length, int limit) {
		super("The report address would carry a query string of " + length + " characters; Power BI accepts at most "
				+ limit + ". Choose fewer filter values.");
	}

}
