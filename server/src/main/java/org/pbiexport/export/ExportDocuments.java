package org.pbiexport.export;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.pbiexport.catalog.Page;
import org.pbiexport.render.PdfAssembly;
import org.pbiexport.render.PngArchive;
import org.pbiexport.render.SlideDeck;

/**
 * The file of an export from what was captured: the page itself for a PNG; for the
 * formats that hold every page, a PDF with an outline, a PowerPoint deck or a zip of
 * PNGs, in the report's page order (docs/contract.md, "Export").
 */
final class ExportDocuments {

	private ExportDocuments() {
	}

	static ExportFile assemble(ExportPlan plan, CacheKey key, Captures.Captured captured, String worker) {
		byte[] document = captured.document();
		byte[] bytes;
		if (document != null) {
			bytes = document;
		}
		else {
			List<String> names = pageNames(plan, captured.pages().size());
			bytes = switch (plan.format()) {
				case PDF -> PdfAssembly.assemble(captured.pages(), names, plan.report().title());
				case PPTX -> SlideDeck.assemble(captured.pages(), names, filtersInWords(plan), plan.report().title());
				case ZIP -> PngArchive.assemble(captured.pages(), names);
				case PNG -> captured.pages().get(0);
			};
		}
		return new ExportFile(bytes, plan.format(), ExportEngine.fileName(plan), key, captured.readiness(), worker);
	}

	/**
	 * The display names of the captured pages; Power BI's own files may hold other
	 * counts.
	 */
	private static List<String> pageNames(ExportPlan plan, int captured) {
		List<String> names = new ArrayList<>(plan.pages().stream().map(Page::displayName).toList());
		for (int i = names.size(); i < captured; i++) {
			names.add("Page " + (i + 1));
		}
		return names.subList(0, captured);
	}

	/** {@code Year: 2024 · Region: North, South}, or that no filter was applied. */
	static String filtersInWords(ExportPlan plan) {
		if (plan.filters().isEmpty()) {
			return "Filters: none applied.";
		}
		return "Filters: " + plan.filters()
			.stream()
			.map((applied) -> applied.filter().label() + ": "
					+ applied.values()
						.stream()
						.map((value) -> applied.filter().type().format(value))
						.collect(Collectors.joining(", ")))
			.collect(Collectors.joining(" · "));
	}

}
