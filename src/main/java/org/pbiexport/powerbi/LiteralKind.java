package org.pbiexport.powerbi;

/** The kinds of literal the URL filter language writes (POWERBI.md §2). */
public enum LiteralKind {

	TEXT, INTEGER, DECIMAL, DATE, DATETIME, BOOLEAN

}
