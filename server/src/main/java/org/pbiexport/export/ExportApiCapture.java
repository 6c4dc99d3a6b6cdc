package org.pbiexport.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.pbiexport.catalog.Page;
import org.pbiexport.catalog.PowerBiBinding;
import org.pbiexport.catalog.Report;
import org.pbiexport.export.Captures.Captured;
import org.pbiexport.powerbi.ExportToFile;
import org.pbiexport.powerbi.PowerBiFailed;

/**
 * Render mode {@code export_api}: Power BI's Export To File API makes the finished file,
 * without a browser; a PDF or deck is kept whole, a zip is made of its PNG pages, an
 * image export is its first PNG page.
 */
final class ExportApiCapture {

	private final ExportToFile exportToFile;

	private final ReportCredentials credentials;

	private final PowerBiCalls calls;

	ExportApiCapture(ExportToFile exportToFile, ReportCredentials credentials, PowerBiCalls calls) {
		this.exportToFile = exportToFile;
		this.credentials = credentials;
		this.calls = calls;
	}

	CompletableFuture<Captured> capture(ExportPlan plan, String filter, Instant deadline) {
		Report report = plan.report();
		PowerBiBinding binding = report.powerbi();
		ExportToFile.Format format = switch (plan.format()) {
			case PDF -> ExportToFile.Format.PDF;
			case PPTX -> ExportToFile.Format.PPTX;
			case PNG, ZIP -> ExportToFile.Format.PNG;
		};
		List<String> pageNames = plan.pages().stream().map(Page::name).toList();
		return this.calls.async(() -> captured(plan,
				this.exportToFile.export(this.credentials.servicePrincipal(report), binding.workspaceId(),
						binding.reportId(), format, pageNames, filter, ReportCredentials.identity(binding), deadline)));
	}

	private static Captured captured(ExportPlan plan, ExportToFile.ExportedFile file) {
		String extension = String.valueOf(file.extension()).toLowerCase(Locale.ROOT);
		if (plan.format() == ExportFormat.PDF || plan.format() == ExportFormat.PPTX) {
			// Power BI makes PDFs and decks itself, as its own exports look.
			if (!extension.endsWith(plan.format().wireName())) {
				throw new PowerBiFailed("Power BI answered a " + extension + " file where a "
						+ plan.format().wireName().toUpperCase(Locale.ROOT) + " was asked for.");
			}
			return new Captured(List.of(), "export_api", file.bytes());
		}
		if (extension.endsWith("zip")) {
			// Several PNG pages come as a zip: every page for a zip export (named again
			// in
			// the report's order), the first for an image.
			List<byte[]> pages = pngs(file.bytes());
			return new Captured((plan.format() == ExportFormat.ZIP) ? pages : List.of(pages.get(0)), "export_api",
					null);
		}
		if (!extension.endsWith("png")) {
			throw new PowerBiFailed("Power BI answered a " + extension + " file where a PNG was asked for.");
		}
		return new Captured(List.of(file.bytes()), "export_api", null);
	}

	/** The PNGs of Power BI's zip, in the order of its entries (its page order). */
	private static List<byte[]> pngs(byte[] zip) {
		List<byte[]> pages = new ArrayList<>();
		try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
				if (!entry.isDirectory() && entry.getName().toLowerCase(Locale.ROOT).endsWith(".png")) {
					pages.add(entries.readNBytes(50 * 1024 * 1024));
				}
			}
		}
		catch (IOException ex) {
			throw new PowerBiFailed("Power BI's zip of PNG pages could not be read.", ex);
		}
		if (pages.isEmpty()) {
			throw new PowerBiFailed("Power BI's zip of PNG pages held no PNG.");
		}
		return pages;
	}

}
