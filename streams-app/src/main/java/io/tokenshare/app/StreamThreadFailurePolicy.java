package io.tokenshare.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies of an exception, tokenshare's deliberate policy:
 * <ul>
 *   <li>a local store that cannot be opened (after a {@code kill -9}, RocksDB may refuse with "While
 *       creating a new Db, wal_dir contains existing log file") is wiped with its task's checkpoint,
 *       and the thread is replaced: Kafka Streams finds the task's state without a checkpoint under
 *       exactly-once, wipes the rest of it and restores everything from the changelogs;</li>
 *   <li>a store this very process still holds open (RocksDB's "lock hold by current process", or Kafka's
 *       "RocksDB metrics recorder … has already been added"; Kafka Streams 4.3 can leave a window store's segment
 *       open after finding a task corrupted at start-up) cannot be opened by any thread of this process: the client
 *       shuts down at once, and {@code run} exits non-zero so that a supervisor starts a fresh process, instead of
 *       replacing threads that die on the same lock;</li>
 *   <li>any other exception replaces the thread too: under exactly-once the dead thread's open
 *       transaction is aborted and its tasks resume from their last commit, so nothing is lost or
 *       counted twice. Hostile records cannot get here (they are dead-lettered), so a death is a
 *       transient fault (a broker or registry outage outlasting the clients' timeouts);</li>
 *   <li>more than {@value #MAX_REPLACEMENTS} replacements within {@link #WINDOW} mean a fault that
 *       repeats itself: the client shuts down (state ERROR), and {@code run} exits non-zero so that a
 *       supervisor restarts the process, rather than replacing threads forever.</li>
 * </ul>
 */
final class StreamThreadFailurePolicy implements StreamsUncaughtExceptionHandler {

    static final int MAX_REPLACEMENTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailurePolicy.class);
    // Kafka Streams' RocksDB store: "Error opening store <name> at location <dir>".
    private static final Pattern STORE_LOCATION = Pattern.compile("Error opening store (\\S+) at location (\\S+)");
    private static final Pattern TASK_DIRECTORY = Pattern.compile("\\d+_\\d+");

    private final LongSupplier nanoClock;
    private final Deque<Long> replacements = new ArrayDeque<>();

    StreamThreadFailurePolicy(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = nanoClock.getAsLong();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > WINDOW.toNanos()) {
            replacements.removeFirst();
        }
        if (replacements.size() >= MAX_REPLACEMENTS) {
            LOG.error(
                    "A stream thread died for the {}th time within {} min; shutting this instance down: {}",
                    replacements.size() + 1,
                    WINDOW.toMinutes(),
                    exception.toString(),
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (heldByThisProcess(exception)) {
            LOG.error(
                    "A stream thread died on a store this process still holds open ({}); only a new process can open it:"
                            + " shutting this instance down",
                    rootMessage(exception),
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        Optional<UnopenableStore> store = unopenableStore(exception);
        if (store.isPresent()) {
            wipe(store.get());
            LOG.warn(
                    "Local store {} could not be opened ({}); wiped {} and its task's checkpoint, replacing the thread:"
                            + " the task's state is restored from its changelogs",
                    store.get().name(),
                    rootMessage(exception),
                    store.get().directory());
        } else {
            LOG.error(
                    "A stream thread died ({}); replacing it, its tasks resume from their last commit",
                    exception.toString(),
                    exception);
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Whether the failure is a store left open by this process, which no thread of it can open again. */
    static boolean heldByThisProcess(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null
                    && (message.contains("lock hold by current process")
                            || message.contains("metrics recorder") && message.contains("has already been added"))) {
                return true;
            }
        }
        return false;
    }

    /** A store's directory named by a failure to open it, when the failure is one. */
    static Optional<UnopenableStore> unopenableStore(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof ProcessorStateException && t.getMessage() != null) {
                Matcher m = STORE_LOCATION.matcher(t.getMessage());
                if (m.find()) {
                    return Optional.of(new UnopenableStore(m.group(1), Path.of(m.group(2))));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Deletes the store's directory and its task's checkpoint file: without the checkpoint, Kafka Streams
     * (exactly-once) treats the task's remaining state as corrupted and restores it all, rather than
     * restoring only from the checkpointed offsets onto the now empty store.
     */
    static void wipe(UnopenableStore store) {
        deleteTree(store.directory());
        for (Path p = store.directory().getParent(); p != null; p = p.getParent()) {
            if (TASK_DIRECTORY.matcher(p.getFileName().toString()).matches()) {
                try {
                    Files.deleteIfExists(p.resolve(".checkpoint"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return;
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not wipe " + dir, e);
        }
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** A store that failed to open, and its directory. */
    record UnopenableStore(String name, Path directory) {}
}
