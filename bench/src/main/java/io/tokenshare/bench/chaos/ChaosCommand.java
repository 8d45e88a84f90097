package io.tokenshare.bench.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/chaos}: the pipeline under faults. A broker in its own JVM, N instances of the real app,
 * a gateway at a fixed rate with resends, late and invalid events, {@code kill -9}s of instances (some
 * losing their state directory) and of the broker; then every week closed and checked exactly against
 * the gateway's ground truth. Exit code 0 only if nothing was lost or doubled and everything agrees.
 */
@Command(
        name = "tokenshare-chaos",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Kills app instances and the broker while a gateway produces, then checks every week exactly.")
public final class ChaosCommand implements Callable<Integer> {

    @Option(
            names = "--duration",
            defaultValue = "120s",
            converter = DurationConverter.class,
            description = "How long the gateway produces; the faults fall within it (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--instances", defaultValue = "2", description = "App instances (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(
            names = "--kills",
            defaultValue = "5",
            description = "kill -9s of app instances (default ${DEFAULT-VALUE}).")
    int kills;

    @Option(
            names = "--broker-restarts",
            defaultValue = "1",
            description = "kill -9s and restarts of the broker (default ${DEFAULT-VALUE}).")
    int brokerRestarts;

    @Option(
            names = "--broker-down",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How long the broker stays down (default ${DEFAULT-VALUE}).")
    Duration brokerDown;

    @Option(names = "--rate", defaultValue = "200", description = "Events per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--weeks",
            defaultValue = "6",
            description = "ISO weeks the event times run through (default ${DEFAULT-VALUE}).")
    int weeks;

    @Option(
            names = "--key",
            defaultValue = "event",
            description = "How the gateway keys records: event, model or null (default ${DEFAULT-VALUE}).")
    String key;

    @Option(names = "--seed", defaultValue = "20261207", description = "Seed of the events (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--final-patience",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description =
                    "How long to wait for every week to be final after the last record (default ${DEFAULT-VALUE}).")
    Duration finalPatience;

    @Option(
            names = "--app-heap",
            defaultValue = "384m",
            description = "Maximum heap of each instance (default ${DEFAULT-VALUE}).")
    String appHeap;

    @Option(
            names = "--work-dir",
            description = "Logs, state directories and broker data (default: a new directory under java.io.tmpdir).")
    Path workDir;

    @Option(names = "--json", description = "Also write the report as JSON to this file.")
    Path json;

    @Option(
            names = "--restart-delay",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description = "How long a killed instance stays down before it is started again: long enough for the"
                    + " group to settle without it measures a restart into a stable group (default ${DEFAULT-VALUE}).")
    Duration restartDelay;

    @Option(
            names = "--app-set",
            paramLabel = "KEY=VALUE",
            description = "A setting for every instance, e.g. --app-set session.timeout.ms=45000; repeatable.")
    Map<String, String> appSettings = new LinkedHashMap<>();

    @Option(
            names = "--static-membership",
            description = "Each instance a static member of the group (group.instance.id of its name).")
    boolean staticMembership;

    @Option(
            names = "--app-jvm-option",
            paramLabel = "OPTION",
            description = "An option for every instance's JVM, e.g. --app-jvm-option=-XX:StartFlightRecording;"
                    + " repeatable.")
    List<String> appJvmOptions = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChaosCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = workDir != null ? workDir : Files.createTempDirectory("tokenshare-chaos-");
        ChaosRun.Options options = new ChaosRun.Options(
                duration,
                instances,
                kills,
                brokerRestarts,
                brokerDown,
                rate,
                weeks,
                keyScheme(),
                seed,
                finalPatience,
                appHeap,
                work,
                restartDelay,
                appSettings,
                staticMembership,
                appJvmOptions);
        ChaosReport report = new ChaosRun(options).run();
        System.out.print(ChaosSummary.render(report));
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            System.out.println("JSON written to " + json);
        }
        return report.passed() ? 0 : 1;
    }

    private KeyScheme keyScheme() {
        try {
            return KeyScheme.valueOf(key.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--key must be event, model or null, got " + key);
        }
    }

    /** Reads 90s, 10m, 1h or plain seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase();
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            char unit = v.charAt(v.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new CommandLine.TypeConversionException(
                        "not a duration: " + value + " (use e.g. 90s, 10m)");
            };
        }
    }
}
