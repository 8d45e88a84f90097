package io.tokenshare.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Waits out a broker that does not answer yet — a cluster restarting, a broker still starting beside the app —
 * instead of failing the command at the first timeout. Each attempt is bounded by the admin client's own timeout;
 * between attempts a progress line says how long the broker has been unreachable and the option that bounds the wait.
 */
final class BrokerWait {

    private final Duration patience;
    private final String option;
    private final PrintWriter out;
    private final LongSupplier nanoTime;

    BrokerWait(Duration patience, String option, PrintWriter out, LongSupplier nanoTime) {
        this.patience = patience;
        this.option = option;
        this.out = out;
        this.nanoTime = nanoTime;
    }

    /** Runs {@code attempt} until it does not fail for an unreachable broker, or the patience is spent. */
    void until(Runnable attempt) {
        long start = nanoTime.getAsLong();
        while (true) {
            try {
                attempt.run();
                return;
            } catch (RuntimeFailure e) {
                long waited = nanoTime.getAsLong() - start;
                if (!unreachable(e) || waited >= patience.toNanos()) {
                    throw e;
                }
                out.printf(
                        "%s; still waiting (%d s of up to %d s, %s)%n",
                        e.getMessage(), Duration.ofNanos(waited).toSeconds(), patience.toSeconds(), option);
                out.flush();
            }
        }
    }

    /** Whether a failure says the broker did not answer in time, as opposed to answering with a refusal. */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
