package io.tokenshare.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tokenshare} command line: {@code run} against a real cluster, and the tools around the
 * pipeline (replay, origins, topics, export, alerts). The demo module adds {@code demo} on an embedded
 * broker. Exit codes: 0 done, 1 failure at run time, 2 wrong usage, configuration or input file.
 */
@Command(
        name = "tokenshare",
        mixinStandardHelpOptions = true,
        versionProvider = TokenshareCli.Version.class,
        description = "Weekly LLM token market share by model origin, on Kafka Streams.",
        subcommands = {
            RunCommand.class,
            ReplayCommand.class,
            OriginsCommand.class,
            TopicsCommand.class,
            ExportCommand.class,
            DeadLettersCommand.class,
            AlertsCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        exitCodeOnExecutionException = ExitCodes.FAILURE,
        footer = {"", "Exit codes: 0 done, 1 failure at run time, 2 wrong usage, configuration or input file."})
public final class TokenshareCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line for this process's environment, ready to {@code execute(args)}. */
    public static CommandLine commandLine() {
        return commandLine(CliContext.ofProcess());
    }

    static CommandLine commandLine(CliContext context) {
        return commandLine(context, Set.of());
    }

    /**
     * The command line for a context, to which another module may add commands.
     *
     * @param alsoExpected exception types of those commands that are expected failures: their message is
     *                     printed without a stack trace
     */
    public static CommandLine commandLine(CliContext context, Set<Class<? extends Throwable>> alsoExpected) {
        CommandLine line = new CommandLine(new TokenshareCli(), context.factory());
        line.setExecutionExceptionHandler(new ErrorReporter(alsoExpected));
        return line;
    }

    /** Without a subcommand: the usage, and exit code 2. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'tokenshare run'");
    }

    /** The version from the jar's manifest, or "development build" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TokenshareCli.class.getPackage().getImplementationVersion();
            return new String[] {"tokenshare " + (version == null ? "(development build)" : version)};
        }
    }
}
