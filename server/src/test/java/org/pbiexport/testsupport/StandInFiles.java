package org.pbiexport.testsupport;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.w3c.dom.Node;

/**
 * The files the Power BI stand-in exports, made so a test can see that the requested
 * pages and filter were applied: each page says {@code Page: <display name> | Filter:
 * <expression>} (PDF text; PNG metadata and drawn text) and carries its page's colour
 * ({@link #colour(int)}, by the page's order in the report). A filtered PNG also has a
 * dark stripe along its bottom edge.
 */
public final class StandInFiles {

	/** Width and height of an exported PNG. */
	public static final int WIDTH = 800;

	public static final int HEIGHT = 450;

	/** Height of the stripe at the bottom of a filtered PNG. */
	public static final int FILTER_STRIPE = 24;

	/** The colour of the stripe of a filtered PNG. */
	public static final Color FILTER_COLOUR = new Color(0x20, 0x20, 0x20);

	private static final Color[] PAGE_COLOURS = { new Color(0xE8, 0x11, 0x23), new Color(0x00, 0x78, 0xD4),
			new Color(0x10, 0x7C, 0x10), new Color(0xFF, 0xB9, 0x00), new Color(0x5C, 0x2D, 0x91),
			new Color(0x00, 0xB7, 0xC3) };

	private static final String PNG_METADATA = "javax_imageio_png_1.0";

	private static final String TEXT_KEYWORD = "Description";

	private StandInFiles() {
	}

	/** The colour of the page with this order (0-based, Power BI's). */
	public static Color colour(int order) {
		return PAGE_COLOURS[order % PAGE_COLOURS.length];
	}

	/** The text that marks a page of an export. */
	public static String label(String displayName, String filter) {
		return "Page: " + displayName + " | Filter: " + ((filter != null) ? filter : "(none)");
	}

	/** A PDF with one page per requested page. */
	static byte[] pdf(List<PowerBiStandIn.Page> pages, List<Integer> orders, String filter) {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			PDRectangle size = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
			for (int i = 0; i < pages.size(); i++) {
				PDPage page = new PDPage(size);
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.setNonStrokingColor(colour(orders.get(i)));
					content.addRect(40, size.getHeight() - 240, 200, 160);
					content.fill();
					content.setNonStrokingColor(Color.BLACK);
					content.beginText();
					content.setFont(font, 14);
					content.newLineAtOffset(40, size.getHeight() - 60);
					content.showText(winAnsi(label(pages.get(i).displayName(), filter)));
					content.endText();
				}
			}
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One PNG page: its colour block, its label drawn and in the PNG's metadata. */
	static byte[] png(PowerBiStandIn.Page page, int order, String filter) {
		BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			graphics.setColor(Color.WHITE);
			graphics.fillRect(0, 0, WIDTH, HEIGHT);
			graphics.setColor(colour(order));
			graphics.fillRect(0, 0, 200, HEIGHT - FILTER_STRIPE);
			if (filter != null) {
				graphics.setColor(FILTER_COLOUR);
				graphics.fillRect(0, HEIGHT - FILTER_STRIPE, WIDTH, FILTER_STRIPE);
			}
			graphics.setColor(Color.BLACK);
			graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
			graphics.drawString(label(page.displayName(), filter), 220, 40);
		}
		finally {
			graphics.dispose();
		}
		return withText(image, label(page.displayName(), filter));
	}

	/** Several PNG pages in a ZIP, one entry per page named {@code <page name>.png}. */
	/**
	 * A deck as Power BI would make it: a slide per page; its notes say it came from the
	 * stand-in, with the filter it was given.
	 */
	static byte[] pptx(List<PowerBiStandIn.Page> pages, List<Integer> orders, String filter) {
		List<byte[]> pictures = new java.util.ArrayList<>();
		for (int i = 0; i < pages.size(); i++) {
			pictures.add(png(pages.get(i), orders.get(i), filter));
		}
		return org.pbiexport.render.SlideDeck.assemble(pictures,
				pages.stream().map(PowerBiStandIn.Page::displayName).toList(),
				"Made by the Power BI stand-in; filter: " + filter, "Power BI stand-in");
	}

	static byte[] zip(List<PowerBiStandIn.Page> pages, List<Integer> orders, String filter) {
		try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (int i = 0; i < pages.size(); i++) {
				zip.putNextEntry(new ZipEntry(pages.get(i).name() + ".png"));
				zip.write(png(pages.get(i), orders.get(i), filter));
				zip.closeEntry();
			}
			zip.finish();
			return bytes.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The label a stand-in PNG carries in its metadata, or null. */
	public static String pngText(byte[] png) {
		try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
			ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
			try {
				reader.setInput(input);
				Node root = reader.getImageMetadata(0).getAsTree(PNG_METADATA);
				for (Node chunk = root.getFirstChild(); chunk != null; chunk = chunk.getNextSibling()) {
					if (!chunk.getNodeName().equals("iTXt")) {
						continue;
					}
					for (Node entry = chunk.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
						IIOMetadataNode text = (IIOMetadataNode) entry;
						if (TEXT_KEYWORD.equals(text.getAttribute("keyword"))) {
							return text.getAttribute("text");
						}
					}
				}
				return null;
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] withText(BufferedImage image, String text) {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
		try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				ImageOutputStream output = ImageIO.createImageOutputStream(bytes)) {
			ImageWriteParam parameters = writer.getDefaultWriteParam();
			IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image),
					parameters);
			IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
			entry.setAttribute("keyword", TEXT_KEYWORD);
			entry.setAttribute("compressionFlag", "FALSE");
			entry.setAttribute("compressionMethod", "0");
			entry.setAttribute("languageTag", "");
			entry.setAttribute("translatedKeyword", "");
			entry.setAttribute("text", text);
			IIOMetadataNode chunk = new IIOMetadataNode("iTXt");
			chunk.appendChild(entry);
			IIOMetadataNode root = new IIOMetadataNode(PNG_METADATA);
			root.appendChild(chunk);
			metadata.mergeTree(PNG_METADATA, root);
			writer.setOutput(output);
			writer.write(new IIOImage(image, null, metadata));
			output.flush();
			return bytes.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			writer.dispose();
		}
	}

	/** PDF's standard fonts write Windows-1252: anything else becomes '?'. */
	private static String winAnsi(String text) {
		Charset windows1252 = Charset.forName("windows-1252");
		return new String(text.replaceAll("\\p{Cntrl}", " ").getBytes(windows1252), windows1252);
	}

}
