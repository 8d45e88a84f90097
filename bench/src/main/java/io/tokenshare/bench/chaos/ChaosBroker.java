package io.tokenshare.bench.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The broker of a chaos run: {@link BrokerMain} in a child JVM on a fixed port and log directory, which
 * the run kills with {@code kill -9} and starts again on the same data.
 */
final class ChaosBroker {

    private static final Duration START_PATIENCE = Duration.ofMinutes(3);
    private static final long POLL_NANOS = Duration.ofMillis(100).toNanos();

    private final Path dataDir;
    private final int port;
    private final Path log;
    private ChildJvm jvm;

    ChaosBroker(Path workDir, int port) {
        this.dataDir = workDir.resolve("broker-data");
        this.port = port;
        this.log = workDir.resolve("broker.log");
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and returns once it takes clients; the milliseconds that took. */
    long start() {
        long started = System.nanoTime();
        jvm = ChildJvm.start(
                BrokerMain.class.getName(),
                List.of(dataDir.toString(), Integer.toString(port)),
                List.of("-Xmx512m"),
                log);
        long deadline = started + START_PATIENCE.toNanos();
        while (jvm.lineStartingWith(BrokerMain.READY).isEmpty()) {
            if (!jvm.isAlive()) {
                throw new IllegalStateException(
                        "the broker exited (" + jvm.exitCode().orElse(-1) + ") before it was ready; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the broker was not ready within " + START_PATIENCE.toSeconds() + " s; see " + log);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** {@code kill -9}. */
    void kill() throws InterruptedException {
        jvm.kill();
    }

    void stop() throws InterruptedException {
        if (jvm != null) {
            jvm.stop();
        }
    }
}
