package io.tokenshare.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) for a command that runs an app: the JVM's shutdown hook tells the command to
 * stop, then waits until the command has closed its app and broker, so that the process ends with its
 * state flushed, its ports freed and its temporary directories deleted.
 */
public final class ShutdownSignal {

    private static final long CLOSE_PATIENCE_SECONDS = 60;
    private static final long CHECK_MILLIS = 1_000;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal() {
        this.hook = new Thread(this::onShutdown, "tokenshare-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A signal fed by the JVM's shutdown hook. */
    public static ShutdownSignal register() {
        return new ShutdownSignal();
    }

    /** Whether Ctrl-C or SIGTERM asked the command to stop. */
    public boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /**
     * Blocks until a stop is requested, running {@code check} about once a second; a check that
     * throws ends the wait with its exception.
     */
    public void awaitStop(Runnable check) {
        try {
            while (!stopRequested.await(CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                check.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command has closed everything: the hook may let the JVM end; without a stop, the hook is removed. */
    public void done() {
        closed.countDown();
        if (stopRequested.getCount() > 0) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already shutting down: the hook runs and finds 'closed' counted down.
            }
        }
    }

    private void onShutdown() {
        stopRequested.countDown();
        try {
            closed.await(CLOSE_PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
