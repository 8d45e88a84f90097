package io.tokenshare.cli;

import io.tokenshare.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations on the command line as in config files: {@code 90s}, {@code 2m}, {@code PT2M}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse("duration", value);
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration: write e.g. 90s, 2m or PT2M");
        }
    }
}
