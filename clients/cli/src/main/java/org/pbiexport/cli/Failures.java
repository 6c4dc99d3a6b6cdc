package org.pbiexport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;

import org.pbiexport.client.ApiException;
import org.pbiexport.client.ApiProblem;
import org.pbiexport.client.ServerUnreachable;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Every failure as words on stderr (or, with {@code --json}, a problem object) and an
 * exit code by outcome; never a stack trace.
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {

	private final Main main;

	Failures(Main main) {
		this.main = main;
	}

	@Override
	public int handleParseException(ParameterException ex, String[] args) {
		PrintWriter err = ex.getCommandLine().getErr();
		err.println(ex.getMessage());
		err.println("See '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
		err.flush();
		return Exit.USAGE;
	}

	@Override
	public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
		if (ex instanceof ApiException api) {
			ApiProblem problem = api.problem();
			int code = Exit.of(problem);
			tell(JsonOutput.problem(problem, code), problem.describe() + hint(problem));
			return code;
		}
		if (ex instanceof ServerUnreachable unreachable) {
			return fail(Exit.UNREACHABLE, "server-unreachable", "Server unreachable",
					unreachable.getMessage() + ". Is it running, and is --server right?");
		}
		if (ex instanceof CliException cli) {
			return fail(cli.exitCode(), (cli.exitCode() == Exit.USAGE) ? "usage" : "failed", "Not done",
					String.valueOf(cli.getMessage()));
		}
		if (ex instanceof CancellationException) {
			return fail(Exit.UNEXPECTED, "cancelled", "Cancelled", String.valueOf(ex.getMessage()));
		}
		if (ex instanceof IOException || ex instanceof UncheckedIOException) {
			return fail(Exit.UNEXPECTED, "io", "Input or output failed",
					"A file could not be read or written: " + ex.getMessage());
		}
		return fail(Exit.UNEXPECTED, "unexpected", "Unexpected failure",
				"Unexpected failure (" + ex.getClass().getSimpleName() + "): " + ex.getMessage());
	}

	private int fail(int code, String slug, String title, String detail) {
		tell(JsonOutput.cliProblem(slug, title, detail, code), detail);
		return code;
	}

	private void tell(String json, String words) {
		PrintWriter err = this.main.err();
		err.println(this.main.json() ? json : "Error: " + words);
		err.flush();
	}

	private String hint(ApiProblem problem) {
		if (problem.status() != 401) {
			return "";
		}
		Settings settings = this.main.settings();
		String config = (settings != null) ? settings.config().toString() : "~/.config/pbi-export/cli.properties";
		return System.lineSeparator() + "Give an API key in $" + Settings.KEY_VARIABLE + ", as api-key= in " + config
				+ ", or with --api-key-file.";
	}

}
