package org.pbiexport.render;

import java.awt.Dimension;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.poi.sl.usermodel.PictureData;
import org.apache.poi.sl.usermodel.Placeholder;
import org.apache.poi.xslf.usermodel.SlideLayout;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFNotes;
import org.apache.poi.xslf.usermodel.XSLFPictureData;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFSlideLayout;
import org.apache.poi.xslf.usermodel.XSLFTextShape;

/**
 * A PowerPoint deck of captured pages: one slide per page, the page's image filling the
 * slide at its aspect ratio, the page's display name as the slide's title (for the
 * outline, search and screen readers; the image covers it) and the applied filters in the
 * speaker notes.
 */
public final class SlideDeck {

	/** A slide's width in points: 13.33 in, PowerPoint's widescreen size. */
	private static final int SLIDE_WIDTH = 960;

	private SlideDeck() {
	}

	/**
	 * @param pngs one PNG per report page, in order
	 * @param titles each slide's title
	 * @param notes the speaker notes of every slide
	 * @param documentTitle the deck's title
	 * @return the {@code .pptx} file
	 */
	public static byte[] assemble(List<byte[]> pngs, List<String> titles, String notes, String documentTitle) {
		if (pngs.size() != titles.size() || pngs.isEmpty()) {
			throw new IllegalArgumentException("one title per page, and at least one page");
		}
		try (XMLSlideShow deck = new XMLSlideShow()) {
			Dimension first = PngSize.of(pngs.get(0));
			int slideHeight = (int) Math.round((double) SLIDE_WIDTH * first.height / first.width);
			deck.setPageSize(new Dimension(SLIDE_WIDTH, slideHeight));
			XSLFSlideLayout layout = deck.getSlideMasters().get(0).getLayout(SlideLayout.TITLE_ONLY);
			for (int i = 0; i < pngs.size(); i++) {
				XSLFSlide slide = deck.createSlide(layout);
				XSLFTextShape title = slide.getPlaceholder(0);
				title.setText(titles.get(i));
				title.setAnchor(new Rectangle2D.Double(0, 0, SLIDE_WIDTH, Math.min(60, slideHeight)));
				XSLFPictureData picture = deck.addPicture(pngs.get(i), PictureData.PictureType.PNG);
				slide.createPicture(picture).setAnchor(fit(PngSize.of(pngs.get(i)), SLIDE_WIDTH, slideHeight));
				write(deck.getNotesSlide(slide), notes);
			}
			deck.getProperties().getCoreProperties().setTitle(documentTitle);
			deck.getProperties().getCoreProperties().setCreator("pbi-export");
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			deck.write(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not assemble the slide deck", ex);
		}
	}

	/** The largest box of the image's aspect ratio that fits the slide, centred. */
	static Rectangle2D fit(Dimension image, double width, double height) {
		double scale = Math.min(width / image.width, height / image.height);
		double w = image.width * scale;
		double h = image.height * scale;
		return new Rectangle2D.Double((width - w) / 2, (height - h) / 2, w, h);
	}

	private static void write(XSLFNotes notesSlide, String notes) {
		for (XSLFTextShape shape : notesSlide.getPlaceholders()) {
			if (shape.getTextType() == Placeholder.BODY) {
				shape.setText(notes);
				return;
			}
		}
	}

}
