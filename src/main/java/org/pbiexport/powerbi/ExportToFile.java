package org.pbiexport.powerbi;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Power BI's Export To File REST API (POWERBI.md §5, §8): no browser, needs capacity.
 * Starts an export, polls it honouring {@code Retry-After}, retries busy answers within
 * the deadline and downloads the file.
 */
@Component
public class ExportToFile {

	public enum Format {

		PNG, PDF

	}

	/**
	 * The file Power BI produced: {@code extension} is its {@code resourceFileExtension}
	 * ({@code .pdf}, {@code .png}, or {@code .zip} for several PNG pages).
	 */
	public record ExportedFile(byte[] bytes, String extension) {
	}

	/**
	 * Exports the pages (Power BI's internal names, in order) with one report-level
	 * filter (the URL filter expression, or null), waiting until {@code deadline} at
	 * most.
	 * @throws PowerBiFailed when Power BI failed the export for good (its message)
	 * @throws PowerBiTimedOut when it did not finish by the deadline
	 */
	public ExportedFile export(Credential servicePrincipal, String workspaceId, String reportId, Format format,
			List<String> pageNames, String filter, EffectiveIdentity identity, Instant deadline) {
		throw new UnsupportedOperationException("ExportToFile.export is not built yet");
	}

}
