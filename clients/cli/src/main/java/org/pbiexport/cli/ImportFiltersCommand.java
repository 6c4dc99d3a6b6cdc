package org.pbiexport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.pbiexport.client.ImportSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pbi-export import-filters <id> <file>}: a filter file into a report (admin key).
 */
@Command(name = "import-filters", mixinStandardHelpOptions = true,
		description = {
				"Imports a filter file (.xlsx, .xls or .csv; see docs/import-format.md) into a report."
						+ " Needs an API key with admin access.",
				"With any error in the file nothing is written and the exit code is 8, dry run or not." })
class ImportFiltersCommand implements Callable<Integer> {

	@ParentCommand
	Main main;

	@Spec
	CommandSpec spec;

	@Parameters(index = "0", paramLabel = "REPORT_ID", description = "The report's id.")
	long reportId;

	@Parameters(index = "1", paramLabel = "FILE", description = "The filter file.")
	Path file;

	@Option(names = "--dry-run", description = "Only say what would change; write nothing.")
	boolean dryRun;

	@Option(names = "--mode", paramLabel = "merge|replace", defaultValue = "merge",
			description = "merge keeps filters the file does not mention; replace deletes them (default"
					+ " ${DEFAULT-VALUE}).")
	String mode;

	@Override
	public Integer call() throws IOException {
		if (!Files.isRegularFile(this.file) || !Files.isReadable(this.file)) {
			throw new ParameterException(this.spec.commandLine(), "Cannot read the filter file " + this.file + ".");
		}
		ImportSummary summary = this.main.client().importFilters(this.reportId, this.file, this.mode, this.dryRun);
		if (this.main.json()) {
			this.main.out().println(JsonOutput.imported(summary));
		}
		else {
			print(summary, this.main.out(), this.main.err());
		}
		return summary.errors().isEmpty() ? Exit.OK : Exit.IMPORT_ERRORS;
	}

	private void print(ImportSummary summary, PrintWriter out, PrintWriter err) {
		new Table("ROWS", "CREATED", "UPDATED", "DELETED", "UNCHANGED")
			.row(summary.rows(), summary.created(), summary.updated(), summary.deleted(), summary.unchanged())
			.print(out);
		if (!summary.errors().isEmpty()) {
			out.flush();
			err.println(summary.errors().size() + " row(s) cannot be imported, so nothing was written:");
			Table errors = new Table("SHEET", "ROW", "COLUMN", "VALUE", "PROBLEM");
			for (ImportSummary.RowError error : summary.errors()) {
				errors.row(error.sheet(), error.row(), error.column(), error.value(), error.message());
			}
			errors.print(err);
		}
		else if (summary.applied()) {
			out.println("Imported"
					+ ((summary.version() != null) ? "; the report is now version " + summary.version() + "." : "."));
		}
		else {
			out.println("Dry run: nothing was written.");
		}
		out.flush();
	}

}
