package io.tokenshare;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.config.StoreNames;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.ingest.DeadLetterReason;
import io.tokenshare.ingest.IngestAccounting;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The accounting lives in the ingest task's changelogged store, not in the instance: every commit writes the
 * partition's counts, and an instance reports only the partitions it runs. Restarts on a real broker are
 * DurableAccountingIT's.
 */
class DurableAccountingTopologyTest {

    private static final String MODEL = "acme/one";
    private static final byte[] KEY = MODEL.getBytes(StandardCharsets.UTF_8);

    @Test
    void theCountsGoToTheChangelogAtEachCommitInTheFormARestartedTaskReadsBack() {
        try (TopologyHarness h = new TopologyHarness()) {
            sendMixedInput(h);
            List<TestRecord<Integer, byte[]>> changelog = h.driver
                    .createOutputTopic(
                            StreamsDefaults.DEFAULT_APPLICATION_ID + "-" + StoreNames.INGEST_ACCOUNTING + "-changelog",
                            new IntegerDeserializer(),
                            new ByteArrayDeserializer())
                    .readRecordsToList();

            // TopologyTestDriver commits after every record: one value per record read, the last one complete.
            assertThat(changelog).hasSize(6);
            assertThat(changelog).extracting(TestRecord::key).containsOnly(0);
            assertThat(changelog)
                    .extracting(r -> IngestAccounting.PartitionCounts.fromStored(r.value())
                            .read())
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(IngestAccounting.PartitionCounts.fromStored(
                            changelog.get(5).value()))
                    .isEqualTo(h.accounting.byPartition().get(0));
        }
    }

    @Test
    void everyFateIsCountedOnceAndWithdrawnWhenTheTaskCloses() {
        TopologyHarness h = new TopologyHarness();
        IngestAccounting accounting = h.accounting;
        try (h) {
            sendMixedInput(h);
            IngestAccounting.PartitionCounts counts = accounting.byPartition().get(0);
            assertThat(counts.read()).isEqualTo(6);
            assertThat(counts.counted()).isEqualTo(2);
            assertThat(counts.duplicates()).isEqualTo(1);
            assertThat(counts.nullKeyed()).isEqualTo(1);
            assertThat(counts.deadLetters())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            DeadLetterReason.UNDECODABLE, 2L,
                            DeadLetterReason.NEGATIVE_TOKENS, 1L));
            assertThat(accounting.balances()).isTrue();
        }
        assertThat(accounting.byPartition())
                .as("a closed task's partition is reported by whichever instance runs it next")
                .isEmpty();
        assertThat(accounting.read()).isZero();
    }

    @Test
    void undecodableRecordsAreCountedWhenRoutedByEventId() {
        try (TopologyHarness h = new TopologyHarness(Map.of(TokenshareSettings.ROUTE_BY_EVENT_ID, "true"), null)) {
            h.send(MODEL, "2026-02-10T10:00:00Z", 3);
            h.sendRaw(KEY, "not avro".getBytes(StandardCharsets.UTF_8));
            h.sendRaw(KEY, new byte[] {0, 0, 0, 0, 99, 1, 2});

            assertThat(h.accounting.read()).isEqualTo(3);
            assertThat(h.accounting.counted()).isEqualTo(1);
            assertThat(h.accounting.deadLettersByReason())
                    .containsExactlyEntriesOf(Map.of(DeadLetterReason.UNDECODABLE, 2L));
            assertThat(h.accounting.balances()).isTrue();
        }
    }

    @Test
    void eventIdsThatLookLikeControlKeysAreDeadLetteredNotObeyed() {
        try (TopologyHarness h = new TopologyHarness(Map.of(TokenshareSettings.ROUTE_BY_EVENT_ID, "true"), null)) {
            h.send(TopologyHarness.event("\u0000tokenshare.undecodable|0", MODEL, "2026-02-10T10:00:00Z", 3));
            h.send(TopologyHarness.event("\u0000tokenshare.undecodable|zz", MODEL, "2026-02-10T10:00:00Z", 3));
            h.send(TopologyHarness.event("\u0000tokenshare.marker", MODEL, "2026-02-10T10:00:00Z", 3));
            h.send(MODEL, "2026-02-10T11:00:00Z", 4);

            assertThat(h.accounting.read()).isEqualTo(4);
            assertThat(h.accounting.counted()).isEqualTo(1);
            assertThat(h.accounting.deadLettersByReason())
                    .containsExactlyEntriesOf(Map.of(DeadLetterReason.INVALID_IDENTIFIER, 3L));
        }
    }

    /** Six records: two counted, a null-keyed resend, an invalid event and two undecodable ones. */
    private static void sendMixedInput(TopologyHarness h) {
        var event = TopologyHarness.event("a-1", MODEL, "2026-02-10T10:00:00Z", 3);
        h.send(event);
        h.sendKeyed(null, event);
        h.send(MODEL, "2026-02-10T11:00:00Z", 4);
        h.send(TopologyHarness.event("bad-1", MODEL, "2026-02-10T11:00:00Z", -1));
        h.sendRaw(KEY, "not avro".getBytes(StandardCharsets.UTF_8));
        h.sendRaw(KEY, new byte[] {0, 0, 0, 0, 99, 1, 2});
    }
}
