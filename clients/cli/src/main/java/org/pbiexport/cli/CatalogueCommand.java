package org.pbiexport.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.pbiexport.client.PbiExportClient;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * A command that shows part of the catalogue: the API's own JSON with {@code --json}, a
 * table for people otherwise.
 */
abstract class CatalogueCommand implements Callable<Integer> {

	@ParentCommand
	Main main;

	/**
	 * @return {@code reports}, {@code pages} or {@code filters}
	 */
	abstract String kind();

	/**
	 * @return the report shown, or 0 for the list of reports
	 */
	long reportId() {
		return 0;
	}

	/**
	 * A command about one report, named by its id.
	 */
	abstract static class OfOneReport extends CatalogueCommand {

		@Parameters(index = "0", paramLabel = "REPORT_ID", description = "The report's id (see 'reports').")
		long reportId;

		@Override
		long reportId() {
			return this.reportId;
		}

	}

	abstract void printTable(PbiExportClient client, PrintWriter out);

	@Override
	public Integer call() {
		PbiExportClient client = this.main.client();
		if (this.main.json()) {
			this.main.out().println(client.catalogueJson(kind(), reportId()));
		}
		else {
			printTable(client, this.main.out());
		}
		return Exit.OK;
	}

}
