package io.tokenshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LatencyTrackerTest {

    private static final LocalDate WEEK = LocalDate.of(2026, 11, 30);
    private static final String MODEL = "deepseek/model-001";

    @Test
    void aRowIncludesTheEventsWhoseRunningTotalItReaches() {
        LatencyTracker tracker = new LatencyTracker(0);
        tracker.sent(MODEL, WEEK, 10, 1_000);
        tracker.sent(MODEL, WEEK, 20, 1_100);
        tracker.sent(MODEL, WEEK, 30, 1_200);

        tracker.onRow(modelRow(MODEL, WEEK, 30), 1_500, 1_600);

        assertThat(tracker.seen()).isEqualTo(2);
        assertThat(tracker.visibleLatencies()).containsExactly(600, 500);
        assertThat(tracker.computedLatencies()).containsExactly(500, 400);

        tracker.onRow(modelRow(MODEL, WEEK, 59), 1_700, 1_800);
        assertThat(tracker.seen()).isEqualTo(2);

        tracker.onRow(modelRow(MODEL, WEEK, 60), 2_000, 2_100);
        assertThat(tracker.seen()).isEqualTo(3);
        assertThat(tracker.visibleLatencies()).containsExactly(600, 500, 900);
    }

    @Test
    void rowsOfOtherModelsWeeksBasesAndDimensionsIncludeNothing() {
        LatencyTracker tracker = new LatencyTracker(0);
        tracker.sent(MODEL, WEEK, 10, 1_000);

        tracker.onRow(modelRow("qwen/model-002", WEEK, 100), 1_500, 1_600);
        tracker.onRow(modelRow(MODEL, WEEK.minusWeeks(1), 100), 1_500, 1_600);
        tracker.onRow(row(MODEL, WEEK, 100, ShareBasis.TOP_N, ShareDimension.MODEL), 1_500, 1_600);
        tracker.onRow(row(MODEL, WEEK, 100, ShareBasis.ALL, ShareDimension.LAB), 1_500, 1_600);

        assertThat(tracker.seen()).isZero();
        assertThat(tracker.tracked()).isEqualTo(1);
    }

    @Test
    void warmUpEventsAreFollowedButNotMeasured() {
        LatencyTracker tracker = new LatencyTracker(2_000);
        tracker.sent(MODEL, WEEK, 10, 1_000);
        tracker.sent(MODEL, WEEK, 10, 2_500);

        tracker.onRow(modelRow(MODEL, WEEK, 20), 2_800, 3_000);

        assertThat(tracker.seen()).isEqualTo(2);
        assertThat(tracker.visibleLatencies()).containsExactly(500);
    }

    @Test
    void eventsNeverSeenCountWithHowLongTheyHaveWaited() {
        LatencyTracker tracker = new LatencyTracker(1_000);
        tracker.sent(MODEL, WEEK, 10, 500);
        tracker.sent(MODEL, WEEK, 10, 1_200);
        tracker.sent(MODEL, WEEK, 10, 1_300);
        tracker.sent("qwen/model-002", WEEK, 10, 1_400);

        tracker.onRow(modelRow(MODEL, WEEK, 20), 1_500, 1_600);

        assertThat(tracker.waitingSince(5_000)).containsExactlyInAnyOrder(3_700, 3_600);
    }

    private static ShareRow modelRow(String model, LocalDate week, long tokens) {
        return row(model, week, tokens, ShareBasis.ALL, ShareDimension.MODEL);
    }

    private static ShareRow row(
            String member, LocalDate week, long tokens, ShareBasis basis, ShareDimension dimension) {
        return ShareRow.newBuilder()
                .setWeekStart(week)
                .setDimension(dimension)
                .setBasis(basis)
                .setBasisLabel(basis == ShareBasis.ALL ? "all" : "top9")
                .setMember(member)
                .setTokens(tokens)
                .setRequests(1)
                .setTotalTokens(tokens)
                .setTokenShare(1.0)
                .setRank(1)
                .setRolling4wShare(1.0)
                .setFinal$(false)
                .setComputedAt(Instant.EPOCH)
                .build();
    }
}
