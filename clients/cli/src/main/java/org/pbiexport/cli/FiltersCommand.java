package org.pbiexport.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.pbiexport.client.Filter;
import org.pbiexport.client.PbiExportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pbi-export filters <id>}: a report's filters and the values they take.
 */
@Command(name = "filters", mixinStandardHelpOptions = true,
		description = "Lists a report's filters and their allowed values; export --filter COLUMN=VALUE uses them.")
class FiltersCommand implements Callable<Integer> {

	private static final int SHOWN_VALUES = 12;

	@ParentCommand
	Main main;

	@Parameters(index = "0", paramLabel = "REPORT_ID", description = "The report's id (see 'reports').")
	long reportId;

	@Override
	public Integer call() {
		PbiExportClient client = this.main.client();
		if (this.main.json()) {
			this.main.out().println(client.catalogueJson("filters", this.reportId));
			return Exit.OK;
		}
		List<Filter> filters = client.filters(this.reportId);
		if (filters.isEmpty()) {
			this.main.out().println("Report " + this.reportId + " has no filters.");
			return Exit.OK;
		}
		Table table = new Table("COLUMN", "LABEL", "TYPE", "MULTIPLE", "REQUIRED", "DEFAULT", "ALLOWED VALUES");
		for (Filter filter : filters) {
			table.row(filter.column(), filter.label(), filter.type(), yes(filter.multiple()), yes(filter.required()),
					filter.defaults().isEmpty() ? "-" : String.join(",", filter.defaults()),
					values(filter.allowedValues()));
		}
		table.print(this.main.out());
		return Exit.OK;
	}

	private static String yes(boolean value) {
		return value ? "yes" : "no";
	}

	private static String values(List<String> values) {
		if (values.size() <= SHOWN_VALUES) {
			return String.join(", ", values);
		}
		return String.join(", ", values.subList(0, SHOWN_VALUES)) + ", … (" + (values.size() - SHOWN_VALUES)
				+ " more; --json lists all)";
	}

}
