package org.pbiexport.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import org.pbiexport.client.PbiExportClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code pbi-export}: the command and its global options, which every subcommand takes
 * before or after its own.
 */
@Command(name = "pbi-export", mixinStandardHelpOptions = true, version = "pbi-export command line 0.1.0",
		description = {
				"Lists the reports of a pbi-export server, their pages and filters, exports them as PNG"
						+ " or PDF, and imports filter files.",
				"",
				"The server is --server, else $PBI_EXPORT_SERVER, else server= in the config file, else "
						+ Settings.DEFAULT_SERVER + ". The API key is read from --api-key-file, else "
						+ "$PBI_EXPORT_API_KEY, else api-key= in the config file "
						+ "(~/.config/pbi-export/cli.properties unless --config); never from an argument." },
		subcommands = { ReportsCommand.class, PagesCommand.class, FiltersCommand.class, ExportCommand.class,
				ImportFiltersCommand.class, CommandLine.HelpCommand.class },
		exitCodeListHeading = "%nExit codes:%n")
public final class Main implements Callable<Integer> {

	@Spec
	@Nullable CommandSpec spec;

	@Option(names = "--server", paramLabel = "URL", scope = ScopeType.INHERIT,
			description = "The pbi-export server, e.g. https://reports.example.com (env PBI_EXPORT_SERVER).")
	@Nullable String server;

	@Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
			description = "The config file (server=, api-key=); default ~/.config/pbi-export/cli.properties.")
	@Nullable Path config;

	@Option(names = "--api-key-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
			description = "A file holding the API key (owner-only permissions).")
	@Nullable Path apiKeyFile;

	@Option(names = "--api-key", paramLabel = "KEY", hidden = true, scope = ScopeType.INHERIT,
			description = "Refused: a key on the command line shows in ps and the shell's history.")
	@Nullable String apiKeyArgument;

	@Option(names = "--json", scope = ScopeType.INHERIT,
			description = "Print JSON for scripts; errors as the problem JSON on stderr.")
	boolean json;

	@Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300", scope = ScopeType.INHERIT,
			description = "The longest a request or an export job may take (default ${DEFAULT-VALUE} s).")
	int timeoutSeconds;

	private final Console console;

	private final PrintWriter out;

	private final PrintWriter err;

	private @Nullable Settings settings;

	/**
	 * The command with its console.
	 * @param console where it reads its environment and writes its output
	 */
	public Main(Console console) {
		this.console = console;
		this.out = writer(console.out());
		this.err = writer(console.err());
	}

	/**
	 * Runs {@code pbi-export} and exits with its code.
	 * @param args the arguments
	 */
	public static void main(String[] args) {
		int code;
		try {
			code = commandLine(Console.system()).execute(args);
		}
		catch (Error ex) {
			System.err.println("Error: unexpected failure (" + ex.getClass().getSimpleName() + "): " + ex.getMessage());
			code = Exit.UNEXPECTED;
		}
		System.exit(code);
	}

	/**
	 * The command line ready to {@code execute}: its output, its exit codes and its error
	 * handling, which prints errors in words (or as JSON with {@code --json}), never a
	 * stack trace.
	 * @param console where it reads its environment and writes its output
	 * @return the command line
	 */
	public static CommandLine commandLine(Console console) {
		Main main = new Main(console);
		CommandLine line = new CommandLine(main);
		Failures failures = new Failures(main);
		line.setOut(main.out)
			.setErr(main.err)
			.setExecutionExceptionHandler(failures)
			.setParameterExceptionHandler(failures);
		line.getCommandSpec().usageMessage().exitCodeList(Exit.descriptions());
		for (CommandLine sub : line.getSubcommands().values()) {
			sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n");
			sub.getCommandSpec().usageMessage().exitCodeList(Exit.descriptions());
		}
		return line;
	}

	/**
	 * Without a command: the help on stderr, as a usage error.
	 * @return {@link Exit#USAGE}
	 */
	@Override
	public Integer call() {
		this.err.println("Missing a command.");
		if (this.spec != null) {
			this.spec.commandLine().usage(this.err);
		}
		return Exit.USAGE;
	}

	/**
	 * A client of the server these options and the environment name; warnings about the
	 * config file go to stderr.
	 * @return the client
	 */
	PbiExportClient client() {
		if (this.apiKeyArgument != null) {
			throw new CliException(Exit.USAGE,
					"The API key is not taken as an argument: ps and the shell's history"
							+ " would show it. Put it in $" + Settings.KEY_VARIABLE
							+ ", in api-key= of the config file, or" + " in a file named by --api-key-file.");
		}
		Settings resolved = Settings.resolve(this, this.console, this.err::println);
		this.settings = resolved;
		return new PbiExportClient(resolved.server(), resolved.apiKey(), Duration.ofSeconds(this.timeoutSeconds));
	}

	/**
	 * The settings of the last client made, for hints in error messages.
	 * @return the settings, or {@code null} before any client
	 */
	@Nullable Settings settings() {
		return this.settings;
	}

	PrintWriter out() {
		return this.out;
	}

	PrintWriter err() {
		return this.err;
	}

	OutputStream rawOut() {
		return this.console.out();
	}

	boolean json() {
		return this.json;
	}

	private static PrintWriter writer(OutputStream stream) {
		return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
	}

}
