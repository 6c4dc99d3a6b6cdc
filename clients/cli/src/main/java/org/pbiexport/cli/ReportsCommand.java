package org.pbiexport.cli;

import java.io.PrintWriter;
import java.util.List;

import org.pbiexport.client.PbiExportClient;
import org.pbiexport.client.Report;
import picocli.CommandLine.Command;

/**
 * {@code pbi-export reports}: the reports the key may export.
 */
@Command(name = "reports", mixinStandardHelpOptions = true,
		description = "Lists the reports the API key may export (--json: the API's /api/reports answer).")
class ReportsCommand extends CatalogueCommand {

	@Override
	String kind() {
		return "reports";
	}

	@Override
	void printTable(PbiExportClient client, PrintWriter out) {
		List<Report> reports = client.reports();
		if (reports.isEmpty()) {
			out.println("No reports: the server has none this API key may see.");
			return;
		}
		Table table = new Table("ID", "TITLE", "PAGES", "FORMATS", "DESCRIPTION");
		for (Report report : reports) {
			table.row(report.id(), report.title(), report.pageCount(), String.join(",", report.formats()),
					report.description());
		}
		table.print(out);
	}

}
