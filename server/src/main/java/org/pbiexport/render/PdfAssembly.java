package org.pbiexport.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.multipdf.PDFMergerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;

/**
 * Joins Chromium's one-page PDFs into one document, keeping their vector content, with an
 * outline entry per page titled by the page's display name.
 */
public final class PdfAssembly {

	private PdfAssembly() {
	}

	/**
	 * @param pages one PDF per report page, in order
	 * @param titles the outline title of each page
	 * @param documentTitle the document's title
	 */
	public static byte[] assemble(List<byte[]> pages, List<String> titles, String documentTitle) {
		if (pages.size() != titles.size()) {
			throw new IllegalArgumentException("one title per page");
		}
		try (PDDocument document = new PDDocument()) {
			PDFMergerUtility merger = new PDFMergerUtility();
			for (byte[] page : pages) {
				try (PDDocument single = Loader.loadPDF(page)) {
					merger.appendDocument(document, single);
				}
			}
			PDDocumentOutline outline = new PDDocumentOutline();
			for (int i = 0; i < document.getNumberOfPages(); i++) {
				PDPageFitDestination destination = new PDPageFitDestination();
				destination.setPage(document.getPage(i));
				PDOutlineItem item = new PDOutlineItem();
				item.setTitle(titles.get(Math.min(i, titles.size() - 1)));
				item.setDestination(destination);
				outline.addLast(item);
			}
			document.getDocumentCatalog().setDocumentOutline(outline);
			PDDocumentInformation information = document.getDocumentInformation();
			information.setTitle(documentTitle);
			information.setCreator("pbi-export");
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not assemble the PDF", ex);
		}
	}

}
