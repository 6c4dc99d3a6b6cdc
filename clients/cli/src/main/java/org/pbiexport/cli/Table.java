package org.pbiexport.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows printed as columns aligned on their widest cell, for people to read.
 */
final class Table {

	private final List<String[]> rows = new ArrayList<>();

	Table(String... headers) {
		this.rows.add(headers);
	}

	Table row(Object... cells) {
		String[] texts = new String[cells.length];
		for (int i = 0; i < cells.length; i++) {
			texts[i] = String.valueOf(cells[i]).replaceAll("[\\r\\n\\t]+", " ");
		}
		this.rows.add(texts);
		return this;
	}

	void print(PrintWriter out) {
		int columns = this.rows.get(0).length;
		int[] widths = new int[columns];
		for (String[] row : this.rows) {
			for (int i = 0; i < columns; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		for (String[] row : this.rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < columns; i++) {
				line.append((i < columns - 1) ? String.format("%-" + widths[i] + "s  ", row[i]) : row[i]);
			}
			out.println(line.toString().stripTrailing());
		}
		out.flush();
	}

}
