package io.tokenshare.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.ingest.DeadLetterReason;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's accounting check: exact, give or take copies of batches in flight at a broker restart. */
class ChaosAccountingTest {

    private static final LocalDate WEEK = LocalDate.parse("2026-11-30");

    @Test
    void theTopicsHoldingExactlyWhatWasSentHold() {
        assertThat(ChaosRun.accountingHolds(3, Map.of("NEGATIVE_TOKENS", 1L), truth()))
                .isTrue();
    }

    @Test
    void aCopyOfABatchInFlightHolds() {
        GroundTruth truth = truth(200);
        assertThat(ChaosRun.accountingHolds(truth.records() + 1, Map.of("NEGATIVE_TOKENS", 1L), truth))
                .as("a copy of a valid event")
                .isTrue();
        assertThat(ChaosRun.accountingHolds(truth.records() + 1, Map.of("NEGATIVE_TOKENS", 2L), truth))
                .as("a copy of an invalid one, dead-lettered again")
                .isTrue();
    }

    @Test
    void lostRecordsOrDeadLettersBeyondTheCopiesDoNotHold() {
        assertThat(ChaosRun.accountingHolds(2, Map.of("NEGATIVE_TOKENS", 1L), truth()))
                .as("a record lost")
                .isFalse();
        assertThat(ChaosRun.accountingHolds(3, Map.of(), truth()))
                .as("a dead letter lost")
                .isFalse();
        assertThat(ChaosRun.accountingHolds(3, Map.of("NEGATIVE_TOKENS", 1L, "BLANK_EVENT_ID", 1L), truth()))
                .as("a dead letter without a record behind it")
                .isFalse();
        GroundTruth truth = truth(200);
        assertThat(ChaosRun.accountingHolds(truth.records() + 3, Map.of("NEGATIVE_TOKENS", 1L), truth))
                .as("more copies than one in a hundred records")
                .isFalse();
    }

    /** Two counted events and one dead letter, plus {@code padding} more counted events. */
    private static GroundTruth truth(int... padding) {
        GroundTruth truth = new GroundTruth();
        truth.counted(WEEK, "m/a", "US", 10, false);
        truth.counted(WEEK, "m/b", "CN", 20, false);
        truth.deadLetter(DeadLetterReason.NEGATIVE_TOKENS);
        for (int i = 0; i < (padding.length == 0 ? 0 : padding[0]); i++) {
            truth.counted(WEEK, "m/c", "EU", 1, false);
        }
        return truth;
    }
}
