package io.tokenshare.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this JVM's class path whose output is appended to a log file that outlives restarts.
 * The chaos run ends it with {@link #kill()} ({@code kill -9}) or {@link #stop()} (SIGTERM).
 */
final class ChildJvm {

    private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final long logOffset;
    private final Thread reaper;

    private ChildJvm(Process process, Path log, long logOffset) {
        this.process = process;
        this.log = log;
        this.logOffset = logOffset;
        this.reaper = new Thread(process::destroyForcibly, "chaos-reaper-" + process.pid());
        // Should the chaos run itself be killed, its children must not outlive it.
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code mainClass} with the arguments; its output goes to the end of {@code log}. */
    static ChildJvm start(String mainClass, List<String> args, List<String> jvmOptions, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            long offset = Files.exists(log) ? Files.size(log) : 0;
            Files.writeString(
                    log,
                    "=== started " + java.time.Instant.now() + ": " + mainClass + " " + args + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ChildJvm(process, log, offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass + " (log " + log + ")", e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or empty while it runs. */
    Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    Path log() {
        return log;
    }

    /** The first line this run of the child wrote that starts with {@code prefix}, if it has written one yet. */
    Optional<String> lineStartingWith(String prefix) {
        try {
            byte[] all = Files.readAllBytes(log);
            String mine = new String(
                    all,
                    (int) Math.min(logOffset, all.length),
                    (int) Math.max(0, all.length - logOffset),
                    StandardCharsets.UTF_8);
            return mine.lines().filter(line -> line.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    /**
     * Why this run of the child ended, as its log says: its own last error line ({@code tokenshare run:}
     * or {@code error:}), else the last {@code Caused by:}; empty when it said neither.
     */
    Optional<String> lastWords() {
        try {
            byte[] all = Files.readAllBytes(log);
            String mine = new String(
                    all,
                    (int) Math.min(logOffset, all.length),
                    (int) Math.max(0, all.length - logOffset),
                    StandardCharsets.UTF_8);
            List<String> lines = mine.lines().toList();
            Optional<String> own = lines.stream()
                    .filter(l -> l.startsWith("tokenshare run:") || l.startsWith("error:"))
                    .reduce((first, second) -> second);
            Optional<String> cause =
                    lines.stream().filter(l -> l.startsWith("Caused by:")).reduce((first, second) -> second);
            return own.or(() -> cause).map(line -> line.length() > 400 ? line.substring(0, 400) + "…" : line);
        } catch (IOException e) {
            return Optional.of("cannot read " + log + ": " + e.getMessage());
        }
    }

    /** {@code kill -9}: no shutdown hook, no flush, no goodbye to the group; waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        forgetReaper();
    }

    /** SIGTERM, then {@code kill -9} if it does not exit within 30 s. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        forgetReaper();
    }

    private void forgetReaper() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or ran: nothing to undo.
        }
    }
}
