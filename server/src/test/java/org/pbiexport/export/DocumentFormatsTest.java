package org.pbiexport.export;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFPictureShape;
import org.apache.poi.xslf.usermodel.XSLFShape;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTextShape;
import org.junit.jupiter.api.Test;
import org.pbiexport.catalog.Catalog;
import org.pbiexport.testsupport.Chromium;
import org.pbiexport.testsupport.DemoApp;
import org.pbiexport.testsupport.Http;
import org.pbiexport.testsupport.Reports;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PowerPoint decks and zips of PNGs from the demo report in real Chromium: one slide or
 * one file per page in the report's order, each the page's picture at its size, the
 * deck's titles the pages' names and its notes the filters applied.
 */
class DocumentFormatsTest extends DemoApp {

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	@Test
	void aDeckHasOneTitledSlidePerPageWithItsPictureAndTheFiltersInTheNotes() throws IOException {
		Chromium.require();
		HttpResponse<byte[]> response = export("pptx");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValue("application/vnd.openxmlformats-officedocument.presentationml.presentation");
		assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains(".pptx");

		try (XMLSlideShow deck = new XMLSlideShow(new ByteArrayInputStream(response.body()))) {
			assertThat(deck.getSlides()).hasSize(3);
			assertThat(deck.getSlides()).extracting(XSLFSlide::getTitle)
				.containsExactly("Overview", "Regions", "Details");
			assertThat((double) deck.getPageSize().width / deck.getPageSize().height).isCloseTo(1280.0 / 720,
					org.assertj.core.data.Offset.offset(0.01));
			List<String> pictures = new ArrayList<>();
			for (XSLFSlide slide : deck.getSlides()) {
				XSLFPictureShape picture = (XSLFPictureShape) slide.getShapes()
					.stream()
					.filter(XSLFPictureShape.class::isInstance)
					.findFirst()
					.orElseThrow();
				BufferedImage image = ImageIO.read(new ByteArrayInputStream(picture.getPictureData().getData()));
				assertThat(image.getWidth()).isEqualTo(1280);
				assertThat(image.getHeight()).isEqualTo(720);
				assertThat(picture.getAnchor().getWidth()).isEqualTo(deck.getPageSize().getWidth());
				pictures.add(java.util.Arrays.toString(picture.getPictureData().getChecksum()));
				assertThat(notes(deck, slide)).contains("Year: 2024").contains("Region: East");
			}
			assertThat(pictures).as("three different pages").doesNotHaveDuplicates();
		}
	}

	@Test
	void aZipHasOnePngPerPageInTheReportsOrder() throws IOException {
		Chromium.require();
		HttpResponse<byte[]> response = export("zip");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
		List<String> names = new ArrayList<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				names.add(entry.getName());
				BufferedImage image = ImageIO.read(new ByteArrayInputStream(zip.readAllBytes()));
				assertThat(image.getWidth()).as(entry.getName()).isEqualTo(1280);
			}
		}
		assertThat(names).containsExactly("1-Overview.png", "2-Regions.png", "3-Details.png");
	}

	@Test
	void theReportListsTheNewFormatsAndAnUnknownOneIsRefusedNamingThem() {
		assertThat(new Http(this.port).get("/api/reports").body())
			.contains("\"formats\":[\"png\",\"pdf\",\"pptx\",\"zip\"]");
		Http.Response refused = new Http(this.port).get("/api/export?report_id=" + demo() + "&format=docx");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("png, pdf, pptx, zip");
	}

	private HttpResponse<byte[]> export(String format) {
		return new Http(this.port)
			.download("/api/export?report_id=" + demo() + "&format=" + format + "&filter.Year=2024&filter.Region=East");
	}

	private long demo() {
		return Reports.idOf(this.catalog, "Sales demo");
	}

	private static String notes(XMLSlideShow deck, XSLFSlide slide) {
		StringBuilder text = new StringBuilder();
		for (XSLFShape shape : deck.getNotesSlide(slide).getShapes()) {
			if (shape instanceof XSLFTextShape textShape) {
				text.append(textShape.getText()).append('\n');
			}
		}
		return text.toString();
	}

}
