package io.tokenshare;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.internal.IngestProgress;
import io.tokenshare.config.TokenshareSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** Coverage: the days of each week that had data travel from ingest to every row of the week. */
class CoverageTopologyTest {

    @Test
    void aWeekWithEventsOnFiveDaysIsPartialOnEveryRowAndDistribution() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.origin("deepseek", "DeepSeek", Origin.CN);
            h.origin("openai", "OpenAI", Origin.US);
            // Week of 2026-02-09: Wednesday to Sunday only, like a history that starts mid-week.
            for (String day : List.of("11", "12", "13", "14", "15")) {
                h.send("deepseek/v3", "2026-02-" + day + "T10:00:00Z", 100);
                h.send("openai/gpt-5", "2026-02-" + day + "T23:59:59Z", 50);
            }
            h.watermark("2026-02-18T00:00:00.000Z");
            h.emit();

            Map<String, ShareRow> byOrigin = h.latestRows("share-by-origin");
            List<ShareRow> rows = new ArrayList<>(rowsOfWeek(byOrigin, "2026-02-09"));
            rows.addAll(rowsOfWeek(h.latestRows("share-by-model"), "2026-02-09"));
            assertThat(rows).isNotEmpty().allSatisfy(row -> {
                assertThat(row.getDaysWithData()).isEqualTo(5);
                assertThat(row.getDaysMask()).isEqualTo(0b1111100); // Wednesday .. Sunday
            });
            assertThat(byOrigin.get("2026-02-09|all|origin|CN").getFinal$()).isTrue();
        }
    }

    @Test
    void aWeekWithEventsOnEveryDayIsWhole() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.origin("deepseek", "DeepSeek", Origin.CN);
            for (int day = 9; day <= 15; day++) {
                h.send("deepseek/v3", String.format("2026-02-%02dT00:00:00Z", day), 100);
            }
            h.send("deepseek/v3", "2026-02-16T00:00:00Z", 100); // the next Monday belongs to the next week
            h.emit();

            Map<String, ShareRow> byOrigin = h.latestRows("share-by-origin");
            assertThat(rowsOfWeek(byOrigin, "2026-02-09"))
                    .isNotEmpty()
                    .allSatisfy(row -> assertThat(row.getDaysWithData()).isEqualTo(7));
            assertThat(byOrigin.get("2026-02-16|all|origin|CN").getDaysWithData())
                    .isEqualTo(1);
        }
    }

    @Test
    void theDaysOfEveryPartitionAreOred() {
        // Partition 0 (the driver's) has Monday and Tuesday; partition 1 reports Tuesday and Sunday.
        try (TopologyHarness h = new TopologyHarness(Map.of(TokenshareSettings.TOKEN_USAGE_PARTITIONS, "2"), null)) {
            h.origin("deepseek", "DeepSeek", Origin.CN);
            h.send("deepseek/v3", "2026-02-09T10:00:00Z", 100);
            h.send("deepseek/v3", "2026-02-10T10:00:00Z", 100);
            h.watermark("2026-02-18T00:00:00.000Z");
            h.driver
                    .createInputTopic(
                            "tokenshare-ingest-progress-by-partition-repartition",
                            Serdes.String().serializer(),
                            h.serdes.forValues(IngestProgress.class).serializer())
                    .pipeInput(
                            "1",
                            new IngestProgress(
                                    1,
                                    Instant.parse("2026-02-18T00:00:00Z").toEpochMilli(),
                                    Map.of(),
                                    Map.of("2026-02-09", 0b1000010)));
            h.emit();

            ShareRow row = h.latestRows("share-by-origin").get("2026-02-09|all|origin|CN");
            assertThat(row.getDaysMask()).isEqualTo(0b1000011);
            assertThat(row.getDaysWithData()).isEqualTo(3);
        }
    }

    private static List<ShareRow> rowsOfWeek(Map<String, ShareRow> rows, String week) {
        return rows.entrySet().stream()
                .filter(e -> e.getKey().startsWith(week + "|"))
                .map(Map.Entry::getValue)
                .toList();
    }
}
