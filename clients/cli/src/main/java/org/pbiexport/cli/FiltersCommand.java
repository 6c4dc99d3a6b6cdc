package org.pbiexport.cli;

import java.io.PrintWriter;
import java.util.List;

import org.pbiexport.client.Filter;
import org.pbiexport.client.PbiExportClient;
import picocli.CommandLine.Command;

/**
 * {@code pbi-export filters <id>}: a report's filters and the values they take.
 */
@Command(name = "filters", mixinStandardHelpOptions = true,
		description = "Lists a report's filters and their allowed values; export --filter COLUMN=VALUE uses them.")
class FiltersCommand extends CatalogueCommand.OfOneReport {

	private static final int SHOWN_VALUES = 12;

	@Override
	String kind() {
		return "filters";
	}

	@Override
	void printTable(PbiExportClient client, PrintWriter out) {
		List<Filter> filters = client.filters(this.reportId);
		if (filters.isEmpty()) {
			out.println("Report " + this.reportId + " has no filters.");
			return;
		}
		Table table = new Table("COLUMN", "LABEL", "TYPE", "MULTIPLE", "REQUIRED", "DEFAULT", "ALLOWED VALUES");
		for (Filter filter : filters) {
			table.row(filter.column(), filter.label(), filter.type(), yes(filter.multiple()), yes(filter.required()),
					filter.defaults().isEmpty() ? "-" : String.join(",", filter.defaults()),
					values(filter.allowedValues()));
		}
		table.print(out);
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
