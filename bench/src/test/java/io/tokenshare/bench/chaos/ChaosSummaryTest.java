package io.tokenshare.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosSummaryTest {

    private static final ChaosReport.Truth TRUTH =
            new ChaosReport.Truth(100, 90, 3, 6, Map.of("NEGATIVE_TOKENS", 3L, "LATE_BEYOND_GRACE", 1L), 5000, 6);

    @Test
    void theAppsAccountingIsSummedOverTheInstancesAndCheckedAgainstTheTruth() {
        ChaosReport report = report(Map.of(
                "instance-0",
                Map.of(
                        "tokenshare_events_read_total", 60.0,
                        "tokenshare_events_counted_total", 55.0,
                        "tokenshare_events_duplicates_total", 2.0,
                        "tokenshare_dead_letters_total{reason=\"NEGATIVE_TOKENS\"}", 3.0),
                "instance-1",
                Map.of(
                        "tokenshare_events_read_total", 40.0,
                        "tokenshare_events_counted_total", 35.0,
                        "tokenshare_events_duplicates_total", 4.0,
                        "tokenshare_dead_letters_total{reason=\"LATE_BEYOND_GRACE\"}", 1.0)));

        ChaosSummary.AppAccounting app = ChaosSummary.appAccounting(report);

        assertThat(app).isEqualTo(new ChaosSummary.AppAccounting(100, 90, 6, 4));
        assertThat(app.matches(report)).isTrue();
        assertThat(ChaosSummary.render(report)).contains("app's own accounting  exact: read 100, counted 90");
    }

    @Test
    void aPartitionCountedOnTwoInstancesIsWrong() {
        ChaosReport report = report(Map.of());
        ChaosSummary.AppAccounting doubled = new ChaosSummary.AppAccounting(130, 120, 6, 4);
        ChaosSummary.AppAccounting lost = new ChaosSummary.AppAccounting(70, 60, 6, 4);
        assertThat(doubled.matches(report)).isFalse();
        assertThat(lost.matches(report)).isFalse();
    }

    @Test
    void aCopyOfABatchInFlightAtABrokerRestartIsReadAsADuplicate() {
        ChaosReport report = report(Map.of(), 101);
        assertThat(new ChaosSummary.AppAccounting(101, 90, 7, 4).matches(report))
                .isTrue();
        assertThat(new ChaosSummary.AppAccounting(101, 91, 6, 4).matches(report))
                .as("the copy counted again")
                .isFalse();
    }

    private static ChaosReport report(Map<String, Map<String, Double>> counters) {
        return report(counters, 100);
    }

    private static ChaosReport report(Map<String, Map<String, Double>> counters, long recordsOnTopic) {
        ShareCheck check = new ShareCheck("origin", 6, 6, 30, 0, 0, 0, 0, 0, List.of());
        return new ChaosReport(
                "2026-12-07T00:00:00Z",
                Map.of(),
                List.of(),
                List.of(),
                List.of(),
                new ChaosReport.Recovery(0, 0, -1, -1, -1, -1),
                new ChaosReport.Producer(100, 100, 0, null, 1.0, 100.0),
                TRUTH,
                check,
                check,
                new ChaosReport.Accounting(recordsOnTopic, TRUTH.deadLetters(), true),
                new ChaosReport.ApiCheck(2, List.of(), List.of()),
                counters,
                0,
                1.0,
                List.of());
    }
}
