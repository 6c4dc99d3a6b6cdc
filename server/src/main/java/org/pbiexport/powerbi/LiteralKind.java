package org.pbiexport.powerbi;

/** The kinds of literal the URL filter language writes (docs/powerbi-rules.md). */
public enum LiteralKind {

	TEXT, INTEGER, DECIMAL, DATE, DATETIME, BOOLEAN

}
