package io.tokenshare.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamThreadFailurePolicyTest {

    @TempDir
    Path state;

    @Test
    void aStoreThatCannotBeOpenedIsWipedWithItsTaskCheckpointAndTheThreadReplaced() throws Exception {
        Path task = Files.createDirectories(state.resolve("tokenshare/1_0"));
        Path store = Files.createDirectories(task.resolve("rocksdb/applied-origins"));
        Files.write(store.resolve("000004.log"), new byte[] {1, 2, 3});
        Files.write(task.resolve(".checkpoint"), new byte[] {0});
        Path sibling = Files.createDirectories(task.resolve("rocksdb/model-origin-history"));
        StreamThreadFailurePolicy policy = new StreamThreadFailurePolicy(System::nanoTime);

        StreamThreadExceptionResponse response = policy.handle(new StreamsException(new ProcessorStateException(
                "Error opening store applied-origins at location " + store,
                new RuntimeException("While creating a new Db, wal_dir contains existing log file"))));

        assertThat(response).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(store).doesNotExist();
        assertThat(task.resolve(".checkpoint")).doesNotExist();
        assertThat(sibling).exists();
    }

    @Test
    void aStoreThisProcessStillHoldsOpenShutsTheClientDownAtOnceAndIsNotWiped() throws Exception {
        Path store =
                Files.createDirectories(state.resolve("tokenshare/0_0/seen-event-ids/seen-event-ids.1790208000000"));
        Files.write(store.resolve("LOCK"), new byte[0]);
        StreamThreadFailurePolicy policy = new StreamThreadFailurePolicy(System::nanoTime);

        StreamThreadExceptionResponse locked = policy.handle(new StreamsException(new ProcessorStateException(
                "Error opening store seen-event-ids.1790208000000 at location " + store,
                new RuntimeException("lock hold by current process, acquire time 1796615359: " + store + "/LOCK"))));
        StreamThreadExceptionResponse recorder = policy.handle(new StreamsException(new IllegalStateException(
                "RocksDB metrics recorder for store \"seen-event-ids\" of task 0_0 has already been added. This is a bug"
                        + " in Kafka Streams.")));

        assertThat(locked).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(recorder).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(store.resolve("LOCK")).as("not wiped under an open handle").exists();
    }

    @Test
    void threadsAreReplacedUntilTheyDieTooOftenThenTheClientShutsDown() {
        AtomicLong nanos = new AtomicLong();
        StreamThreadFailurePolicy policy = new StreamThreadFailurePolicy(nanos::get);
        for (int i = 0; i < StreamThreadFailurePolicy.MAX_REPLACEMENTS; i++) {
            assertThat(policy.handle(new IllegalStateException("boom " + i)))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        }
        assertThat(policy.handle(new IllegalStateException("again")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);

        nanos.addAndGet(StreamThreadFailurePolicy.WINDOW.toNanos());
        assertThat(policy.handle(new IllegalStateException("much later")))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}
