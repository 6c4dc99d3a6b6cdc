package org.pbiexport.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;

/**
 * Joins PDFs kept on disk into one PDF on disk, in sections: one outline entry per
 * section (say a filter value) with an entry per page under it. Neither the parts nor the
 * result are held whole in memory (PDFBox reads the files and caches in temporary files).
 */
public final class PdfSections {

	private PdfSections() {
	}

	/**
	 * One section: its outline title, its PDF, and its pages' titles (missing ones are
	 * {@code Page n}).
	 */
	public record Section(String title, Path pdf, List<String> pageTitles) {
	}

	/** Writes the sections, in order, to {@code target}. */
	public static void combine(List<Section> sections, Path target, String documentTitle) throws IOException {
		List<PDDocument> open = new ArrayList<>();
		try (PDDocument combined = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
			PDDocumentOutline outline = new PDDocumentOutline();
			for (Section section : sections) {
				PDDocument source = Loader.loadPDF(section.pdf().toFile());
				open.add(source);
				PDOutlineItem entry = null;
				int index = 0;
				for (PDPage page : source.getPages()) {
					PDPage imported = combined.importPage(page);
					if (entry == null) {
						entry = item(section.title(), imported);
						outline.addLast(entry);
					}
					entry.addLast(item((index < section.pageTitles().size()) ? section.pageTitles().get(index)
							: "Page " + (index + 1), imported));
					index++;
				}
			}
			combined.getDocumentCatalog().setDocumentOutline(outline);
			PDDocumentInformation information = new PDDocumentInformation();
			information.setTitle(documentTitle);
			combined.setDocumentInformation(information);
			// The sources stay open until the pages taken from them are written.
			combined.save(target.toFile());
		}
		finally {
			for (PDDocument source : open) {
				source.close();
			}
		}
	}

	private static PDOutlineItem item(String title, PDPage page) {
		PDOutlineItem item = new PDOutlineItem();
		item.setTitle(title);
		PDPageFitDestination destination = new PDPageFitDestination();
		destination.setPage(page);
		item.setDestination(destination);
		return item;
	}

}
