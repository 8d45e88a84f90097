package io.tokenshare.demo;

import io.tokenshare.cli.PipelineWatch;
import io.tokenshare.cli.Progress;
import io.tokenshare.cli.RuntimeFailure;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Waits for a running pipeline to reach a state, with a progress bar, failing when the instance stops
 * or when nothing moves for too long, with a message saying where it got stuck.
 */
final class CatchUp {

    /**
     * One look at how far the pipeline has got.
     *
     * @param current     how far it is, in the unit of the wait
     * @param target      where it has to get
     * @param done        whether the wait is over
     * @param description the figures in words, for a failure message
     */
    record Status(long current, long target, boolean done, String description) {}

    /**
     * When a wait gives up.
     *
     * @param patience      how long the measured progress may stand still before the wait fails
     * @param stopRequested whether the user asked to stop (Ctrl-C)
     */
    record Limits(Duration patience, BooleanSupplier stopRequested) {

        /** Ends the wait when the user asked to stop, so that the command closes its resources and exits. */
        void checkNotStopped() {
            if (stopRequested.getAsBoolean()) {
                throw new RuntimeFailure("stopped on request (Ctrl-C or SIGTERM)");
            }
        }
    }

    private static final long POLL_MILLIS = 250;

    private final PipelineWatch watch;
    private final Limits limits;

    CatchUp(PipelineWatch watch, Limits limits) {
        this.watch = watch;
        this.limits = limits;
    }

    /** Waits until the status says done. A store that cannot be queried yet (a rebalance) counts as no progress. */
    void await(String task, String unit, Supplier<Status> look) {
        try (ProgressBar bar = Progress.bar(task, -1, unit)) {
            long lastValue = Long.MIN_VALUE;
            long lastChange = System.nanoTime();
            String lastDescription = "its stores could not be queried yet";
            while (true) {
                Status status = lookSafely(look);
                if (status != null) {
                    bar.maxHint(Math.max(status.target(), status.current()));
                    bar.stepTo(Math.max(0, status.current()));
                    lastDescription = status.description();
                    if (status.done()) {
                        return;
                    }
                    if (status.current() != lastValue) {
                        lastValue = status.current();
                        lastChange = System.nanoTime();
                    }
                }
                limits.checkNotStopped();
                if (watch.stopped()) {
                    throw new RuntimeFailure("the pipeline stopped (state " + watch.state() + ") during '" + task
                            + "': " + lastDescription + ". See the log above for its error");
                }
                if (System.nanoTime() - lastChange > limits.patience().toNanos()) {
                    throw new RuntimeFailure("'" + task + "' made no progress for "
                            + limits.patience().toSeconds() + " s: "
                            + lastDescription + ". The pipeline is stuck or much slower than expected: see the log"
                            + " above, or allow more time with --patience");
                }
                pause();
            }
        }
    }

    private static Status lookSafely(Supplier<Status> look) {
        try {
            return look.get();
        } catch (InvalidStateStoreException migrating) {
            return null;
        }
    }

    static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while waiting for the pipeline", e);
        }
    }
}
