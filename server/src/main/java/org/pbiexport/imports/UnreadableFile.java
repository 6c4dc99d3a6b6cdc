package org.pbiexport.imports;

import java.util.List;

import org.pbiexport.web.ApiProblem;

import org.springframework.http.HttpStatus;

/** A file that is not a spreadsheet this importer reads; nothing was written. */
public class UnreadableFile extends ApiProblem {

	public UnreadableFile(String detail) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "unreadable-file", "Unreadable file", detail, List.of());
	}

}
