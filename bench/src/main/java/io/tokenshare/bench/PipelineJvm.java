package io.tokenshare.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PipelineProcess} in a child JVM with this JVM's class path: its protocol lines arrive as
 * messages, everything else it prints goes to its log file. Closing it ends the child if it is still
 * running.
 */
final class PipelineJvm implements AutoCloseable {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final String name;
    private final Path log;
    private final PrintWriter stdin;
    private final BlockingQueue<ChildProtocol.Message> messages = new LinkedBlockingQueue<>();
    private final Thread reaper;

    private PipelineJvm(Process process, String name, Path log) {
        this.process = process;
        this.name = name;
        this.log = log;
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.reaper = new Thread(process::destroyForcibly, "pipeline-jvm-reaper-" + name);
    }

    /**
     * Writes the spec to {@code <name>.json} in the work directory and starts the child.
     *
     * @param jvmOptions e.g. {@code -Xmx512m}; the child gets nothing of this JVM's options but the class path
     */
    static PipelineJvm start(PipelineSpec spec, Path workDir, String name, List<String> jvmOptions) throws IOException {
        Path specFile = workDir.resolve(name + ".json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(specFile.toFile(), spec);
        Path log = workDir.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PipelineProcess.class.getName());
        command.add(specFile.toString());
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        PipelineJvm jvm = new PipelineJvm(process, name, log);
        // Should the benchmark be killed, the pipeline must not outlive it.
        Runtime.getRuntime().addShutdownHook(jvm.reaper);
        Thread reader = new Thread(jvm::readStdout, "pipeline-jvm-" + name);
        reader.setDaemon(true);
        reader.start();
        return jvm;
    }

    private void readStdout() {
        try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer other = Files.newBufferedWriter(log.resolveSibling(log.getFileName() + ".stdout"))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                ChildProtocol.Message message = ChildProtocol.parse(line);
                if (message != null) {
                    messages.add(message);
                } else {
                    other.write(line);
                    other.write(System.lineSeparator());
                }
            }
        } catch (IOException e) {
            messages.add(new ChildProtocol.Message(ChildProtocol.FAILED, "lost the pipeline's output: " + e));
        }
        messages.add(new ChildProtocol.Message(ChildProtocol.FAILED, "the pipeline JVM exited"));
    }

    /**
     * Waits for the next message, which must be of the given kind; progress messages on the way are printed.
     *
     * @throws IllegalStateException when the pipeline failed, exited or said something else, or on timeout
     */
    String await(String kind, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ChildProtocol.Message message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        while (message != null && message.kind().equals(ChildProtocol.PROGRESS)) {
            System.err.printf(
                    "[%s] %s: %s records read%n",
                    Instant.now().truncatedTo(ChronoUnit.SECONDS), name, message.payload());
            message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        if (message == null) {
            throw new IllegalStateException(
                    "the pipeline did not say '" + kind + "' within " + timeout.toSeconds() + " s; see " + log);
        }
        if (!message.kind().equals(kind)) {
            throw new IllegalStateException("waiting for '" + kind + "', the pipeline said '" + message.kind() + "': "
                    + message.payload() + "; see " + log);
        }
        return message.payload();
    }

    /** Tells the pipeline to stop and report. */
    void stop() {
        stdin.println(ChildProtocol.STOP);
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting: the hook will end the child.
        }
        stdin.close();
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            process.destroyForcibly();
            throw new UncheckedIOException(
                    new IOException("the pipeline JVM (pid " + process.pid() + ") did not exit; it was killed"));
        }
    }
}
