package io.tokenshare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The de-duplication index is local and rebuilt from the changelogged blocks whenever it does not hold exactly
 * the committed ones: these tests lose or spoil the index (as a wiped state directory or an uncommitted
 * transaction would) and check what is found afterwards.
 */
class SeenEventIdsTest {

    private static final SeenEventIds.Names NAMES = new SeenEventIds.Names("index", "blocks", "applied");
    private static final Duration HORIZON = Duration.ofDays(1);
    private static final Duration RETENTION = Duration.ofDays(13);
    private static final long T = Instant.parse("2026-02-10T10:00:00Z").toEpochMilli();

    private Path stateDir;
    private KeyValueStore<Bytes, byte[]> blocks;

    @BeforeEach
    void createBlocks() throws IOException {
        stateDir = Files.createTempDirectory("seen-ids");
        blocks = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(NAMES.blocks()), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled()
                .build();
    }

    @AfterEach
    void closeBlocks() {
        blocks.close();
    }

    @Test
    void idsAreFoundWithinTheHorizonAndNotBeyondIt() {
        SeenEventIds seen = start(freshIndex(), freshApplied());
        seen.add("a", T);
        assertThat(seen.contains("a", T)).as("a resend before the commit").isTrue();
        assertThat(seen.contains("a", T + HORIZON.toMillis())).isTrue();
        assertThat(seen.contains("a", T - HORIZON.toMillis())).isTrue();
        assertThat(seen.contains("a", T + HORIZON.toMillis() + 1)).isFalse();
        assertThat(seen.contains("b", T)).isFalse();
    }

    @Test
    void aLostIndexIsRebuiltFromTheCommittedBlocksOnly() {
        SeenEventIds before = start(freshIndex(), freshApplied());
        before.add("committed-1", T);
        before.writeBlock(T);
        before.add("committed-2", T + 1);
        before.writeBlock(T + 1);
        before.add("not-committed", T + 2);

        // A wiped state directory: the changelogged blocks come back, the local index and its record do not.
        SeenEventIds after = start(freshIndex(), freshApplied());

        assertThat(after.contains("committed-1", T)).isTrue();
        assertThat(after.contains("committed-2", T + 1)).isTrue();
        assertThat(after.contains("not-committed", T + 2))
                .as("an id of a transaction that never committed is counted again when it is read again")
                .isFalse();
    }

    @Test
    void anIndexHoldingIdsOfAnUncommittedBlockIsClearedAndRebuilt() {
        WindowStore<String, Long> index = freshIndex();
        KeyValueStore<String, Long> applied = freshApplied();
        SeenEventIds before = start(index, applied);
        before.add("committed", T);
        before.writeBlock(T);
        byte[] lastCommittedSequence = blocks.get(Bytes.wrap(new byte[] {0}));
        before.add("rolled-back", T + 1);
        before.writeBlock(T + 1);
        // The transaction of that second block aborted: the changelogged store is rewound, the local index is not.
        blocks.put(Bytes.wrap(new byte[] {0}), lastCommittedSequence);
        deleteBlocksHolding("rolled-back");

        SeenEventIds after = start(index, applied);

        assertThat(after.contains("committed", T)).isTrue();
        assertThat(after.contains("rolled-back", T + 1)).isFalse();
    }

    @Test
    void aBlockIsWrittenBeforeItGrowsTooLargeForOneRecord() {
        SeenEventIds seen = start(freshIndex(), freshApplied());
        String id = "x".repeat(1000);
        int ids = 3 * SeenEventIds.MAX_BLOCK_BYTES / id.length();
        for (int i = 0; i < ids; i++) {
            seen.add(id + i, T);
        }
        seen.writeBlock(T);

        assertThat(blockCount()).isGreaterThanOrEqualTo(3);
        try (var all = blocks.all()) {
            all.forEachRemaining(kv ->
                    assertThat(kv.value.length).isLessThanOrEqualTo(SeenEventIds.MAX_BLOCK_BYTES + 2 * id.length()));
        }
        SeenEventIds rebuilt = start(freshIndex(), freshApplied());
        assertThat(rebuilt.contains(id + 0, T)).isTrue();
        assertThat(rebuilt.contains(id + (ids - 1), T)).isTrue();
    }

    @Test
    void blocksBeyondTheRetentionAreDropped() {
        SeenEventIds seen = start(freshIndex(), freshApplied());
        seen.add("old", T);
        seen.writeBlock(T);
        seen.add("new", T + RETENTION.toMillis());
        seen.writeBlock(T + RETENTION.toMillis() + 1);

        assertThat(blockCount()).isEqualTo(1);
    }

    private SeenEventIds start(WindowStore<String, Long> index, KeyValueStore<String, Long> applied) {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(properties());
        for (StateStore store : new StateStore[] {index, blocks, applied}) {
            if (!store.isOpen()) {
                store.init(context.getStateStoreContext(), store);
            }
            context.addStateStore(store);
        }
        SeenEventIds seen = new SeenEventIds(NAMES, HORIZON, RETENTION);
        seen.init(context);
        return seen;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "seen-ids");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return p;
    }

    private static WindowStore<String, Long> freshIndex() {
        return Stores.windowStoreBuilder(
                        Stores.inMemoryWindowStore(NAMES.index(), RETENTION, Duration.ofMillis(1), false),
                        Serdes.String(),
                        Serdes.Long())
                .withLoggingDisabled()
                .build();
    }

    private static KeyValueStore<String, Long> freshApplied() {
        return Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(NAMES.applied()), Serdes.String(), Serdes.Long())
                .withLoggingDisabled()
                .build();
    }

    private void deleteBlocksHolding(String eventId) {
        try (var all = blocks.all()) {
            all.forEachRemaining(kv -> {
                if (kv.key.get().length > 1) {
                    boolean[] holds = {false};
                    SeenIdBlock.read(kv.value, (id, time) -> holds[0] |= id.equals(eventId));
                    if (holds[0]) {
                        blocks.delete(kv.key);
                    }
                }
            });
        }
    }

    private int blockCount() {
        int n = 0;
        try (var all = blocks.all()) {
            while (all.hasNext()) {
                n += all.next().key.get().length > 1 ? 1 : 0;
            }
        }
        return n;
    }
}
