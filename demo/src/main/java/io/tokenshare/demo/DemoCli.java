package io.tokenshare.demo;

import io.tokenshare.cli.CliContext;
import io.tokenshare.cli.TokenshareCli;
import io.tokenshare.embedded.EmbeddedKafkaException;
import java.util.Set;
import picocli.CommandLine;

/**
 * The command line of the demo jar, which {@code bin/tokenshare} runs: every command of the app, plus
 * {@code demo} on an embedded broker. The production jar has no {@code demo}: it carries no broker.
 */
public final class DemoCli {

    private DemoCli() {}

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine(CliContext.ofProcess()).execute(args));
    }

    /** The app's command line with {@code demo} added, for a given environment. */
    public static CommandLine commandLine(CliContext context) {
        CommandLine line = TokenshareCli.commandLine(context, Set.of(EmbeddedKafkaException.class));
        line.addSubcommand("demo", new DemoCommand());
        return line;
    }
}
