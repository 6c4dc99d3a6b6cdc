package org.pbiexport.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.pbiexport.catalog.DraftProblem;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;

/**
 * The problems of one report document: its own (structure, JSON types) and the
 * catalogue's rules, thrown together as one 400. The rules name fields by their place in
 * the draft; a page, filter or value the document got wrong is not in the draft, so the
 * places are mapped back to the document's, and a rule about a field the document already
 * got wrong is left out.
 */
final class DocumentProblems {

	private static final Pattern PLACE = Pattern
		.compile("(pages|filters)\\[(\\d+)](?:\\.allowed_values\\[(\\d+)])?(.*)");

	private final List<FieldProblem> found = new ArrayList<>();

	private final List<String> leftToDocument = new ArrayList<>();

	private final List<Integer> pages = new ArrayList<>();

	private final List<Integer> filters = new ArrayList<>();

	private final Map<Integer, List<Integer>> values = new HashMap<>();

	void add(String field, String message) {
		this.found.add(new FieldProblem(field, message));
	}

	void add(FieldProblem problem) {
		this.found.add(problem);
	}

	/** The draft's next page is the document's page {@code index}. */
	void pageAt(int index) {
		this.pages.add(index);
	}

	/**
	 * The draft's next filter is the document's filter {@code index}, its allowed values
	 * the document's values at {@code valueIndexes}.
	 */
	void filterAt(int index, List<Integer> valueIndexes) {
		this.values.put(this.filters.size(), List.copyOf(valueIndexes));
		this.filters.add(index);
	}

	/** Fields the document could not read, on which the rules have nothing to say. */
	void leaveToDocument(String... fields) {
		this.leftToDocument.addAll(List.of(fields));
	}

	void addRules(List<DraftProblem> problems) {
		List<String> covered = new ArrayList<>(this.leftToDocument);
		this.found.forEach((problem) -> covered.add(problem.field()));
		for (DraftProblem problem : problems) {
			String field = inDocument(problem.field());
			if (covered.stream().noneMatch((known) -> field.equals(known) || field.startsWith(known + "."))) {
				this.found.add(new FieldProblem(field, problem.message(), problem.allowed()));
			}
		}
	}

	void throwIfAny() {
		if (!this.found.isEmpty()) {
			throw ApiProblem.invalid(this.found);
		}
	}

	private String inDocument(String field) {
		Matcher place = PLACE.matcher(field);
		if (!place.matches()) {
			return field;
		}
		int index = Integer.parseInt(place.group(2));
		boolean page = place.group(1).equals("pages");
		List<Integer> at = page ? this.pages : this.filters;
		String path = place.group(1) + "[" + ((index < at.size()) ? at.get(index) : index) + "]";
		if (place.group(3) != null) {
			int value = Integer.parseInt(place.group(3));
			List<Integer> valuesAt = this.values.getOrDefault(index, List.of());
			path += ".allowed_values[" + ((value < valuesAt.size()) ? valuesAt.get(value) : value) + "]";
		}
		return path + place.group(4);
	}

}
