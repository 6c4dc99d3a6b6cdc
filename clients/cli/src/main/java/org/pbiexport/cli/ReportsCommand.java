package org.pbiexport.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.pbiexport.client.PbiExportClient;
import org.pbiexport.client.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pbi-export reports}: the reports the key may export.
 */
@Command(name = "reports", mixinStandardHelpOptions = true,
		description = "Lists the reports the API key may export (--json: the API's /api/reports answer).")
class ReportsCommand implements Callable<Integer> {

	@ParentCommand
	Main main;

	@Override
	public Integer call() {
		PbiExportClient client = this.main.client();
		if (this.main.json()) {
			this.main.out().println(client.catalogueJson("reports", 0));
			return Exit.OK;
		}
		List<Report> reports = client.reports();
		if (reports.isEmpty()) {
			this.main.out().println("No reports: the server has none this API key may see.");
			return Exit.OK;
		}
		Table table = new Table("ID", "TITLE", "PAGES", "FORMATS", "DESCRIPTION");
		for (Report report : reports) {
			table.row(report.id(), report.title(), report.pageCount(), String.join(",", report.formats()),
					report.description());
		}
		table.print(this.main.out());
		return Exit.OK;
	}

}
