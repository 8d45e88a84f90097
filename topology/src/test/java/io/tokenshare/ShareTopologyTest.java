package io.tokenshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.internal.IngestProgress;
import io.tokenshare.config.TokenshareSettings;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** Shares on the three bases, week-over-week and rolling figures, provisional and final rows. */
class ShareTopologyTest {

    @Test
    void theThreeBasesHaveTheirOwnDenominators() {
        try (TopologyHarness h = new TopologyHarness(Map.of("tokenshare.share.top-n", "2"), null)) {
            h.origin("deepseek", "DeepSeek", Origin.CN);
            h.origin("openai", "OpenAI", Origin.US);
            h.origin("other", "Other models", Origin.UNATTRIBUTED);
            h.send("deepseek/v3", "2026-02-10T10:00:00Z", 400);
            h.send("openai/gpt-5", "2026-02-10T10:00:00Z", 300);
            h.send("openai/gpt-4o", "2026-02-10T10:00:00Z", 100);
            h.send("other", "2026-02-10T10:00:00Z", 1000); // pseudo-model: never in the top N
            h.send("mystery/m", "2026-02-10T10:00:00Z", 200); // UNKNOWN
            h.emit();

            Map<String, ShareRow> rows = h.latestRows("share-by-origin");
            assertThat(rows.get("2026-02-09|all|origin|CN").getTotalTokens()).isEqualTo(2000);
            assertThat(rows.get("2026-02-09|all|origin|CN").getTokenShare()).isEqualTo(0.2);
            assertThat(rows.get("2026-02-09|attributed|origin|CN").getTotalTokens())
                    .isEqualTo(800);
            assertThat(rows.get("2026-02-09|attributed|origin|CN").getTokenShare())
                    .isEqualTo(0.5);
            assertThat(rows.get("2026-02-09|top2|origin|CN").getTotalTokens()).isEqualTo(700);
            assertThat(rows.get("2026-02-09|top2|origin|US").getTokens()).isEqualTo(300);
            assertThat(rows.get("2026-02-09|top2|origin|CN").getRank()).isEqualTo(1);
            assertThat(rows).doesNotContainKey("2026-02-09|top2|origin|UNATTRIBUTED");
            assertThat(rows.get("2026-02-09|all|origin|UNATTRIBUTED").getRank()).isEqualTo(1);
        }
    }

    @Test
    void weekOverWeekAndRollingFiguresReadTheWeeksBefore() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.origin("deepseek", "DeepSeek", Origin.CN);
            h.origin("openai", "OpenAI", Origin.US);
            h.send("deepseek/v3", "2026-02-03T10:00:00Z", 100);
            h.send("openai/gpt-5", "2026-02-03T10:00:00Z", 300);
            h.send("deepseek/v3", "2026-02-10T10:00:00Z", 300);
            h.send("openai/gpt-5", "2026-02-10T10:00:00Z", 300);
            h.emit();

            ShareRow cn = h.latestRows("share-by-origin").get("2026-02-09|all|origin|CN");
            assertThat(cn.getTokensWowPct()).isCloseTo(200.0, within(1e-9));
            assertThat(cn.getShareWowPoints()).isCloseTo(25.0, within(1e-9)); // 50 % - 25 %
            assertThat(cn.getRolling4wShare()).isCloseTo(0.4, within(1e-9)); // 400 of 1000
        }
    }

    @Test
    void rowsAreProvisionalUntilTheWeekClosesThenFinal() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.origin("deepseek", "DeepSeek", Origin.CN);
            h.send("deepseek/v3", "2026-02-10T10:00:00Z", 100);
            h.emit();
            assertThat(h.latestRows("share-by-origin")
                            .get("2026-02-09|all|origin|CN")
                            .getFinal$())
                    .isFalse();

            h.watermark("2026-02-17T23:59:59.999Z"); // one ms before week end + grace
            h.emit();
            assertThat(h.shareTopic("share-by-origin").isEmpty()).isTrue();

            h.watermark("2026-02-18T00:00:00.000Z");
            h.emit();
            ShareRow closed = h.latestRows("share-by-origin").get("2026-02-09|all|origin|CN");
            assertThat(closed.getFinal$()).isTrue();
            assertThat(closed.getRevision()).isZero();

            h.send("deepseek/v3", "2026-02-16T10:00:00Z", 100); // next week: the closed week is not revised
            h.emit();
            Map<String, ShareRow> later = h.latestRows("share-by-origin");
            assertThat(later).containsKey("2026-02-16|all|origin|CN").doesNotContainKey("2026-02-09|all|origin|CN");
        }
    }

    @Test
    void aWeekStaysOpenUntilEveryTokenUsagePartitionHasReported() {
        // Two token-usage partitions; the driver runs partition 0's ingest only, as during a rebalance at start-up
        // when partition 1's task is not running yet.
        try (TopologyHarness h = new TopologyHarness(Map.of(TokenshareSettings.TOKEN_USAGE_PARTITIONS, "2"), null)) {
            h.origin("deepseek", "DeepSeek", Origin.CN);
            h.send("deepseek/v3", "2026-02-10T10:00:00Z", 100);
            h.watermark("2026-02-18T00:00:00.000Z"); // partition 0 is past the week's end plus grace
            h.emit();
            assertThat(h.latestRows("share-by-origin")
                            .get("2026-02-09|all|origin|CN")
                            .getFinal$())
                    .as("partition 1 has not reported: it may hold tokens of the week")
                    .isFalse();

            h.driver
                    .createInputTopic(
                            "tokenshare-ingest-progress-by-partition-repartition",
                            Serdes.String().serializer(),
                            h.serdes.forValues(IngestProgress.class).serializer())
                    .pipeInput(
                            "1",
                            new IngestProgress(
                                    1, Instant.parse("2026-02-18T00:00:00Z").toEpochMilli(), Map.of(), Map.of()));
            h.emit();
            ShareRow closed = h.latestRows("share-by-origin").get("2026-02-09|all|origin|CN");
            assertThat(closed.getFinal$()).isTrue();
            assertThat(closed.getTokens()).isEqualTo(100);
        }
    }
}
