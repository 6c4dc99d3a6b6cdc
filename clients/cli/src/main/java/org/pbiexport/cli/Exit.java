package org.pbiexport.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.pbiexport.client.ApiProblem;

/**
 * The exit codes, by outcome, as {@code --help} and the README list them.
 */
final class Exit {

	static final int OK = 0;

	static final int UNEXPECTED = 1;

	static final int USAGE = 2;

	static final int REFUSED = 3;

	static final int NOT_FOUND = 4;

	static final int KEY = 5;

	static final int UNREACHABLE = 6;

	static final int EXPORT_FAILED = 7;

	static final int IMPORT_ERRORS = 8;

	private Exit() {
	}

	static Map<String, String> descriptions() {
		Map<String, String> codes = new LinkedHashMap<>();
		codes.put("0", "done");
		codes.put("1", "unexpected failure");
		codes.put("2", "usage error: a wrong option or argument, or -o naming a file that exists");
		codes.put("3", "the server refused a value or the request (400, also 409, 413, 415, 422)");
		codes.put("4", "unknown report, page or job (404)");
		codes.put("5", "API key missing, wrong or not allowed (401, 403)");
		codes.put("6", "the server is down, cannot be reached or did not answer in time");
		codes.put("7", "the export failed on the server (5xx such as 502, 504; 429 queue full)");
		codes.put("8", "the filter file has errors (dry run or not): nothing was imported");
		return codes;
	}

	/**
	 * The exit code for an error the server answered.
	 * @param problem the server's problem
	 * @return the code
	 */
	static int of(ApiProblem problem) {
		int status = problem.status();
		if (status == 401 || status == 403) {
			return KEY;
		}
		if (status == 404) {
			return NOT_FOUND;
		}
		if (status == 429 || status >= 500) {
			return EXPORT_FAILED;
		}
		if (status >= 400) {
			return REFUSED;
		}
		return UNEXPECTED;
	}

}
