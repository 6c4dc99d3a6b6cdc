package org.pbiexport.cli;

import java.util.concurrent.Callable;

import org.pbiexport.client.Page;
import org.pbiexport.client.PbiExportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pbi-export pages <id>}: a report's pages.
 */
@Command(name = "pages", mixinStandardHelpOptions = true,
		description = "Lists a report's pages in order; export --page takes the NAME or the DISPLAY NAME.")
class PagesCommand implements Callable<Integer> {

	@ParentCommand
	Main main;

	@Parameters(index = "0", paramLabel = "REPORT_ID", description = "The report's id (see 'reports').")
	long reportId;

	@Override
	public Integer call() {
		PbiExportClient client = this.main.client();
		if (this.main.json()) {
			this.main.out().println(client.catalogueJson("pages", this.reportId));
			return Exit.OK;
		}
		Table table = new Table("#", "NAME", "DISPLAY NAME", "SIZE");
		for (Page page : client.pages(this.reportId)) {
			table.row(page.order(), page.name(), page.displayName(), page.width() + "x" + page.height());
		}
		table.print(this.main.out());
		return Exit.OK;
	}

}
