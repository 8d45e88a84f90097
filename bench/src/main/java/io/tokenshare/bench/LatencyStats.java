package io.tokenshare.bench;

import java.util.Arrays;

/**
 * Summary of latency samples in milliseconds: nearest-rank percentiles (the p-th percentile is the
 * smallest sample with at least p % of the samples at or below it), so every figure reported is a
 * latency that was actually observed.
 *
 * @param count how many samples
 * @param p50   median
 * @param p90   90th percentile
 * @param p99   99th percentile
 * @param max   the largest sample
 * @param mean  arithmetic mean
 */
record LatencyStats(int count, long p50, long p90, long p99, long max, double mean) {

    /** Summarizes the samples (the array is not changed). */
    static LatencyStats of(long[] samplesMs) {
        if (samplesMs.length == 0) {
            throw new IllegalArgumentException("no latency samples: no event was seen in a share record");
        }
        long[] sorted = samplesMs.clone();
        Arrays.sort(sorted);
        return new LatencyStats(
                sorted.length,
                percentile(sorted, 50),
                percentile(sorted, 90),
                percentile(sorted, 99),
                sorted[sorted.length - 1],
                Arrays.stream(sorted).average().orElseThrow());
    }

    /** Nearest rank: the sample at 1-based rank ⌈p/100 · n⌉ of the sorted samples. */
    static long percentile(long[] sorted, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("a percentile is above 0 and at most 100, got " + p);
        }
        // p · n first: an exact product, so that e.g. p99 of 100 samples is rank 99, not 100 by rounding.
        int rank = (int) Math.ceil(p * sorted.length / 100.0);
        return sorted[Math.max(rank, 1) - 1];
    }
}
