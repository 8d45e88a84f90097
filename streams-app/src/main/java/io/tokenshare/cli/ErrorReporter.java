package io.tokenshare.cli;

import io.tokenshare.config.SettingsException;
import io.tokenshare.replay.ReplayFileException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns an exception that ends a command into one message on standard error and an exit code:
 * {@link ExitCodes#USAGE} when the user must change the command, its configuration or its input files,
 * {@link ExitCodes#FAILURE} otherwise. Expected failures print their message only; anything else also
 * prints its stack trace, because it is a bug to report.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    private final Set<Class<? extends Throwable>> alsoExpected;

    /** @param alsoExpected failures of commands added by other modules that print their message only */
    ErrorReporter(Set<Class<? extends Throwable>> alsoExpected) {
        this.alsoExpected = Set.copyOf(alsoExpected);
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        Throwable cause = unwrap(e);
        var err = command.getErr();
        err.println(command.getColorScheme()
                .errorText("tokenshare " + command.getCommandName() + ": " + cause.getMessage()));
        int code = exitCodeOf(cause);
        if (code == ExitCodes.FAILURE && !isExpected(cause)) {
            cause.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    static int exitCodeOf(Throwable e) {
        if (e instanceof UsageError
                || e instanceof SettingsException
                || e instanceof ConfigException
                || e instanceof ReplayFileException
                || e instanceof UncheckedIOException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILURE;
    }

    private boolean isExpected(Throwable e) {
        return e instanceof RuntimeFailure
                || e instanceof io.tokenshare.export.ExportException
                || e instanceof io.tokenshare.replay.PublishException
                || alsoExpected.stream().anyMatch(type -> type.isInstance(e));
    }

    /** Streams wrap a reader's failure; the user wants the reader's message. */
    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while (current.getCause() != null && current.getMessage() == null) {
            current = current.getCause();
        }
        return current;
    }
}
