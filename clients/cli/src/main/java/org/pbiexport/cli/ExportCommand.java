package org.pbiexport.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import org.pbiexport.client.ExportRequest;
import org.pbiexport.client.ExportedFile;
import org.pbiexport.client.Page;
import org.pbiexport.client.PbiExportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pbi-export export <id>}: a report as a PNG or PDF file.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
		description = { "Exports a report as PNG or PDF into a file (or stdout with -o -).",
				"A PDF of several pages (or of every page) goes through an export job with progress on stderr;"
						+ " --job or --no-job chooses.",
				"Example: pbi-export export 1 --page Overview --filter Year=2024 --filter Region=North"
						+ " --filter Region=South --format pdf -o sales.pdf" })
class ExportCommand implements Callable<Integer> {

	@ParentCommand
	Main main;

	@Spec
	CommandSpec spec;

	@Parameters(index = "0", paramLabel = "REPORT_ID", description = "The report's id (see 'reports').")
	long reportId;

	@Option(names = "--page", paramLabel = "PAGE",
			description = "A page's name or display name (see 'pages'); repeatable for a PDF. Default: the first"
					+ " page for PNG, every page for PDF.")
	List<String> pages = new ArrayList<>();

	@Option(names = "--filter", paramLabel = "COLUMN=VALUE",
			description = "A filter value (see 'filters'); repeat a column for several values.")
	List<String> filters = new ArrayList<>();

	@Option(names = "--format", paramLabel = "png|pdf|pptx|zip",
			description = "The file format; default the extension of -o (.pdf, .pptx, .zip), else png.")
	@Nullable String format;

	@Option(names = { "-o", "--output" }, paramLabel = "FILE",
			description = "Where to write the file; - for stdout. Default: the name the server suggests, here.")
	@Nullable String output;

	@Option(names = "--force", description = "Replace the -o file if it exists.")
	boolean force;

	@Option(names = "--scale", paramLabel = "1-3", description = "Device pixel ratio, from 1 to 3 (server default 1).")
	@Nullable Double scale;

	@Option(names = "--job", negatable = true,
			description = "Export through an export job, with progress on stderr (default: for PDFs of several pages).")
	@Nullable Boolean job;

	@Override
	public Integer call() throws IOException {
		String chosenFormat = format();
		OutputFile target = (this.output != null) ? OutputFile.of(this.output, this.force) : null;
		PbiExportClient client = this.main.client();
		ExportRequest request = new ExportRequest(this.reportId, chosenFormat, pageNames(client), Map.of(), this.scale);
		for (String filter : this.filters) {
			int equals = filter.indexOf('=');
			request = request.filter(filter.substring(0, equals).strip(), filter.substring(equals + 1));
		}
		boolean throughJob = (this.job != null) ? this.job : !chosenFormat.equals("png") && request.pages().size() != 1;
		ExportedFile file = throughJob ? client.exportAsJob(request, new Progress(this.main.err()), () -> false)
				: client.export(request);
		if (target == null) {
			target = OutputFile.of(file.fileName(), this.force);
		}
		this.main.out().flush();
		target.write(file.bytes(), this.main.rawOut());
		String summary = this.main.json() ? JsonOutput.exported(target.describe(), file)
				: "Saved " + target.describe() + " (" + file.bytes().length + " bytes, " + file.contentType()
						+ ", cache " + (file.fromCache() ? "HIT" : "MISS") + ")";
		(target.isStdout() ? this.main.err() : this.main.out()).println(summary);
		return Exit.OK;
	}

	private String format() {
		for (String filter : this.filters) {
			if (filter.indexOf('=') < 1) {
				throw new ParameterException(this.spec.commandLine(),
						"--filter takes COLUMN=VALUE, such as Year=2024; '" + filter + "' is not one.");
			}
		}
		if (this.format != null) {
			return this.format.toLowerCase(Locale.ROOT);
		}
		String name = (this.output != null) ? this.output.toLowerCase(Locale.ROOT) : "";
		for (String format : List.of("pdf", "pptx", "zip")) {
			if (name.endsWith("." + format)) {
				return format;
			}
		}
		return "png";
	}

	/**
	 * The pages asked for by internal name: a display name is looked up among the
	 * report's pages, anything else is sent as given (the server names the pages it has).
	 */
	private List<String> pageNames(PbiExportClient client) {
		if (this.pages.isEmpty()) {
			return List.of();
		}
		List<Page> known = client.pages(this.reportId);
		List<String> names = new ArrayList<>();
		for (String page : this.pages) {
			String name = page;
			for (Page candidate : known) {
				if (candidate.name().equals(page)) {
					name = page;
					break;
				}
				if (candidate.displayName().equalsIgnoreCase(page)) {
					name = candidate.name();
				}
			}
			names.add(name);
		}
		return names;
	}

}
