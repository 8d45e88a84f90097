package io.tokenshare.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashedStateSweepTest {

    @TempDir
    Path stateDir;

    @Test
    void afterACrashUnderExactlyOnceOnlyTheTaskDirectoriesAreWiped() throws IOException {
        Path app = layOutStateDirectory();

        var wiped = new CrashedStateSweep(app, true).beforeStart();

        assertThat(wiped).containsExactlyInAnyOrder(app.resolve("0_1"), app.resolve("3_0"));
        assertThat(app.resolve("0_1")).doesNotExist();
        assertThat(app.resolve("3_0")).doesNotExist();
        assertThat(app.resolve("kafka-streams-process-metadata"))
                .as("the process id stays")
                .exists();
        assertThat(app.resolve("global").resolve("store"))
                .as("global stores are Kafka Streams' own business")
                .exists();
        assertThat(app.resolve("notes_here")).exists();
    }

    @Test
    void afterACleanCloseNothingIsWipedAndTheMarkerIsConsumed() throws IOException {
        Path app = layOutStateDirectory();
        CrashedStateSweep sweep = new CrashedStateSweep(app, true);
        sweep.afterCleanClose();

        assertThat(sweep.beforeStart()).isEmpty();
        assertThat(app.resolve("0_1").resolve("rocksdb")).exists();
        assertThat(app.resolve(CrashedStateSweep.CLEAN_CLOSE_MARKER))
                .as("gone while running, so that a crash of this run is seen by the next")
                .doesNotExist();
        assertThat(sweep.beforeStart())
                .as("the next start after a crash of this run")
                .hasSize(2);
    }

    @Test
    void atLeastOnceKeepsWhatItFinds() throws IOException {
        Path app = layOutStateDirectory();

        assertThat(new CrashedStateSweep(app, false).beforeStart()).isEmpty();
        assertThat(app.resolve("0_1").resolve("rocksdb")).exists();
    }

    @Test
    void aFirstStartHasNothingToWipe() {
        assertThat(new CrashedStateSweep(stateDir.resolve("never-ran"), true).beforeStart())
                .isEmpty();
    }

    @Test
    void readsTheDirectoryAndGuaranteeFromTheStreamsSettings() throws IOException {
        Path app = layOutStateDirectory();
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "tokenshare");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);

        assertThat(CrashedStateSweep.of(properties).beforeStart()).hasSize(2);
        assertThat(app.resolve("0_1")).doesNotExist();
    }

    private Path layOutStateDirectory() throws IOException {
        Path app = Files.createDirectories(stateDir.resolve("tokenshare"));
        Files.createDirectories(app.resolve("0_1").resolve("rocksdb").resolve("seen-event-ids"));
        Files.writeString(
                app.resolve("0_1").resolve("rocksdb").resolve("seen-event-ids").resolve("000004.log"), "x");
        Files.createDirectories(app.resolve("3_0"));
        Files.createDirectories(app.resolve("global").resolve("store"));
        Files.createDirectories(app.resolve("notes_here"));
        Files.writeString(app.resolve("kafka-streams-process-metadata"), "{}");
        return app;
    }
}
