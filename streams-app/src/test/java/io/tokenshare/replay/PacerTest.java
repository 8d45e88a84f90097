package io.tokenshare.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {

    /** A clock that only moves when the pacer parks or the test says so. */
    private static final class FakeTime {
        long now = 1_000_000_000L;
        long parks;

        void park(long nanos) {
            parks++;
            now += nanos;
        }
    }

    @Test
    void holdsTheRateWithOnePausePerBatchNotPerRecord() {
        FakeTime time = new FakeTime();
        Pacer pacer = new Pacer(RateLimit.perSecond(100_000), () -> time.now, time::park);
        long start = time.now;

        for (int i = 0; i < 100_000; i++) {
            pacer.awaitTurn();
        }

        long elapsed = time.now - start;
        long lastRecordDue = 99_999L * 10_000L;
        assertThat(elapsed).isBetween(lastRecordDue - Pacer.MIN_PAUSE_NANOS, lastRecordDue);
        assertThat(time.parks).isBetween(900L, 1_000L);
    }

    @Test
    void aSlowRatePausesBeforeEveryRecord() {
        FakeTime time = new FakeTime();
        Pacer pacer = new Pacer(RateLimit.perSecond(10), () -> time.now, time::park);
        long start = time.now;

        for (int i = 0; i < 5; i++) {
            pacer.awaitTurn();
        }

        assertThat(time.now - start).isEqualTo(400_000_000L);
        assertThat(time.parks).isEqualTo(4);
    }

    @Test
    void aLoopBehindScheduleCatchesUpWithoutPausing() {
        FakeTime time = new FakeTime();
        Pacer pacer = new Pacer(RateLimit.perSecond(1_000), () -> time.now, time::park);

        pacer.awaitTurn();
        time.now += 1_000_000_000L;
        for (int i = 0; i < 999; i++) {
            pacer.awaitTurn();
        }

        assertThat(time.parks).isZero();
    }

    @Test
    void noLimitNeverPauses() {
        FakeTime time = new FakeTime();
        Pacer pacer = new Pacer(RateLimit.UNLIMITED, () -> time.now, time::park);

        for (int i = 0; i < 10_000; i++) {
            pacer.awaitTurn();
        }

        assertThat(time.parks).isZero();
    }
}
