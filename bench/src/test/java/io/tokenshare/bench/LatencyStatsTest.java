package io.tokenshare.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void nearestRankPercentilesOfOneToAHundredAreTheRanksThemselves() {
        List<Long> values = new ArrayList<>();
        for (long v = 1; v <= 100; v++) {
            values.add(v);
        }
        Collections.shuffle(values, new Random(1));

        LatencyStats stats =
                LatencyStats.of(values.stream().mapToLong(Long::longValue).toArray());

        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.p50()).isEqualTo(50);
        assertThat(stats.p90()).isEqualTo(90);
        assertThat(stats.p99()).isEqualTo(99);
        assertThat(stats.max()).isEqualTo(100);
        assertThat(stats.mean()).isEqualTo(50.5);
    }

    @Test
    void aFewSamplesRoundTheRankUp() {
        long[] samples = {40, 10, 30, 20};

        // ranks: p50 -> ceil(2.0) = 2nd, p90 -> ceil(3.6) = 4th, p99 -> ceil(3.96) = 4th
        LatencyStats stats = LatencyStats.of(samples);

        assertThat(stats.p50()).isEqualTo(20);
        assertThat(stats.p90()).isEqualTo(40);
        assertThat(stats.p99()).isEqualTo(40);
        assertThat(samples).containsExactly(40, 10, 30, 20);
    }

    @Test
    void oneSampleIsEveryPercentile() {
        LatencyStats stats = LatencyStats.of(new long[] {7});

        assertThat(List.of(stats.p50(), stats.p90(), stats.p99(), stats.max())).containsOnly(7L);
    }

    @Test
    void theNinetyNinthPercentileOfAThousandSkipsTheTenLargest() {
        long[] samples = new long[1_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = i < 990 ? 100 : 5_000;
        }

        assertThat(LatencyStats.of(samples).p99()).isEqualTo(100);
        samples[989] = 4_000;
        assertThat(LatencyStats.of(samples).p99()).isEqualTo(4_000);
    }

    @Test
    void noSamplesIsAnError() {
        assertThatThrownBy(() -> LatencyStats.of(new long[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no latency samples");
    }

    @Test
    void percentileOutsideZeroToAHundredIsAnError() {
        assertThatThrownBy(() -> LatencyStats.percentile(new long[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("above 0 and at most 100");
    }
}
