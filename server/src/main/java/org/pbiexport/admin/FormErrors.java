package org.pbiexport.admin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.pbiexport.web.FieldProblem;

import org.springframework.validation.BindingResult;

/**
 * Puts a problem named by the admin API's path beside the report form's field: the form's
 * property paths are the API's in camel case ({@code pages[0].width},
 * {@code filters[1].label}), except that allowed values are one text with a value per
 * line, defaults are {@code defaults}, a page's order is its row, the identity's fields
 * are flat and a {@code one_file_per} column is the checkbox of its filter.
 */
final class FormErrors {

	/** An API error path for one allowed value: {@code filters[1].allowed_values[3]}. */
	private static final Pattern ALLOWED_VALUE = Pattern.compile("(filters\\[\\d+])\\.allowed_values\\[(\\d+)]");

	/** An API error path for one "one file per" column: {@code one_file_per[1]}. */
	private static final Pattern ONE_FILE_PER = Pattern.compile("one_file_per\\[(\\d+)]");

	private FormErrors() {
	}

	/** Maps an API field path ({@code filters[1].allowed_values[3]}) onto the form's. */
	static void reject(BindingResult binding, FieldProblem problem) {
		String path = problem.field();
		String message = problem.message();
		Matcher value = ALLOWED_VALUE.matcher(path);
		Matcher oneFilePer = ONE_FILE_PER.matcher(path);
		if (oneFilePer.matches() && binding.getTarget() instanceof ReportForm form) {
			int row = form.oneFilePerRow(Integer.parseInt(oneFilePer.group(1)));
			path = (row >= 0) ? "filters[" + row + "].oneFilePer" : "filters";
		}
		else if (value.matches()) {
			path = value.group(1) + ".allowedValues";
			message = "line " + (Integer.parseInt(value.group(2)) + 1) + ": " + message;
		}
		else {
			path = path.replace(".default", ".defaults")
				.replace(".order", ".name")
				.replace("powerbi.identity.", "powerbi.identity_");
			path = camelCase(path);
		}
		try {
			binding.rejectValue(path.isEmpty() ? null : path, "invalid", message);
		}
		catch (RuntimeException ex) {
			binding.reject("invalid", problem.field() + ": " + message);
		}
	}

	private static String camelCase(String path) {
		StringBuilder text = new StringBuilder();
		boolean upper = false;
		for (char c : path.toCharArray()) {
			if (c == '_') {
				upper = true;
				continue;
			}
			text.append(upper ? Character.toUpperCase(c) : c);
			upper = false;
		}
		return text.toString();
	}

}
