package org.pbiexport.cli;

import java.io.PrintWriter;

import org.pbiexport.client.Page;
import org.pbiexport.client.PbiExportClient;
import picocli.CommandLine.Command;

/**
 * {@code pbi-export pages <id>}: a report's pages.
 */
@Command(name = "pages", mixinStandardHelpOptions = true,
		description = "Lists a report's pages in order; export --page takes the NAME or the DISPLAY NAME.")
class PagesCommand extends CatalogueCommand.OfOneReport {

	@Override
	String kind() {
		return "pages";
	}

	@Override
	void printTable(PbiExportClient client, PrintWriter out) {
		Table table = new Table("#", "NAME", "DISPLAY NAME", "SIZE");
		for (Page page : client.pages(this.reportId)) {
			table.row(page.order(), page.name(), page.displayName(), page.width() + "x" + page.height());
		}
		table.print(out);
	}

}
