package io.tokenshare.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Clears the local task state that an exactly-once instance left behind when it did not close cleanly
 * ({@code kill -9}, a crash, a lost machine), before Kafka Streams opens it.
 *
 * <p>Why: under {@code exactly_once_v2} Kafka Streams cannot trust a store that was open when its process
 * died: it may hold writes of a transaction that was aborted. Kafka Streams 4.3 finds out the slow way: it
 * opens every store of every task directory at start-up, reports each one corrupted, opens it again when the
 * task is assigned, wipes it there, and for an active task asks the group for one more rebalance before it
 * restores. A restart after a kill spent about 5 of its 16 seconds on that (docs/faults.md). Wiping the task
 * directories up front leaves Kafka Streams an empty state directory, which it restores directly.
 *
 * <p>A marker file, written after a clean close and removed at start, tells the two cases apart without
 * reading Kafka Streams' own files. Only the task directories go (names like {@code 1_3}); the process id
 * beside them stays, so that the restarted instance keeps its transactional ids and fences its predecessor's
 * open transactions at once. Task directories that Kafka Streams closed cleanly before the crash (tasks that
 * had moved away) are wiped too, which costs only their restoration if they come back. Under
 * {@code at_least_once} nothing is wiped: Kafka Streams keeps such state there.
 *
 * <p>The sweep runs after the Kafka Streams client is created, because that takes the state directory's lock:
 * a second instance pointed at the same directory fails there instead of losing its stores to this sweep.
 */
final class CrashedStateSweep {

    /** Written into the application's state directory after a clean close. */
    static final String CLEAN_CLOSE_MARKER = "tokenshare-closed-cleanly";

    private static final Pattern TASK_DIRECTORY = Pattern.compile("\\d+_\\d+");

    private final Path applicationStateDir;
    private final boolean exactlyOnce;

    CrashedStateSweep(Path applicationStateDir, boolean exactlyOnce) {
        this.applicationStateDir = applicationStateDir;
        this.exactlyOnce = exactlyOnce;
    }

    static CrashedStateSweep of(Properties streamsProperties) {
        StreamsConfig config = new StreamsConfig(streamsProperties);
        Path stateDir = Path.of(config.getString(StreamsConfig.STATE_DIR_CONFIG));
        return new CrashedStateSweep(
                stateDir.resolve(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)),
                StreamsConfig.EXACTLY_ONCE_V2.equals(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
    }

    /**
     * Call once the Kafka Streams client exists and before it starts: wipes the task directories if the last
     * run under exactly-once did not close cleanly, and removes the marker, so that a crash of this run is
     * seen by the next.
     *
     * @return the task directories wiped
     */
    List<Path> beforeStart() {
        try {
            boolean closedCleanly = Files.deleteIfExists(applicationStateDir.resolve(CLEAN_CLOSE_MARKER));
            if (closedCleanly || !exactlyOnce || !Files.isDirectory(applicationStateDir)) {
                return List.of();
            }
            List<Path> wiped = new ArrayList<>();
            try (Stream<Path> entries = Files.list(applicationStateDir)) {
                for (Path entry : entries.toList()) {
                    if (Files.isDirectory(entry)
                            && TASK_DIRECTORY
                                    .matcher(entry.getFileName().toString())
                                    .matches()) {
                        deleteTree(entry);
                        wiped.add(entry);
                    }
                }
            }
            return wiped;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not clear the state a crash left in " + applicationStateDir
                            + "; delete that directory by hand (its state is restored from Kafka) and start again",
                    e);
        }
    }

    /** Call after Kafka Streams has closed cleanly: its stores may be trusted at the next start. */
    void afterCleanClose() {
        try {
            if (Files.isDirectory(applicationStateDir)) {
                Files.writeString(applicationStateDir.resolve(CLEAN_CLOSE_MARKER), "");
            }
        } catch (IOException e) {
            // Without the marker the next start only wipes state it could have kept: slower, never wrong.
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
