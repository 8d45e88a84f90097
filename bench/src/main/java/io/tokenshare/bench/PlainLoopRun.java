package io.tokenshare.bench;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.TokenshareSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The compute limit: events are read and decoded in chunks of {@value #CHUNK} into memory, untimed;
 * then a plain single-threaded loop runs the pipeline's per-event work over the chunk
 * ({@link InMemoryWeeklyAggregation}), timed. Chunks keep a 5 M-event run within a few hundred MB.
 */
final class PlainLoopRun {

    static final int CHUNK = 250_000;
    private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();

    private PlainLoopRun() {}

    /** What the loop computed, how long the loop itself took and the CPU time its thread spent in it. */
    record Result(long events, long loopNanos, long loopCpuNanos, InMemoryWeeklyAggregation aggregation) {

        double eventsPerSecond() {
            return events * 1e9 / Math.max(1, loopNanos);
        }
    }

    static Result run(String bootstrap, String topic, long expected, TokenshareSettings settings) {
        InMemoryWeeklyAggregation aggregation =
                new InMemoryWeeklyAggregation(settings.dedupHorizon(), settings.grace());
        try (ChunkedLoop loop = new ChunkedLoop(topic, aggregation)) {
            ConsumerRuns.read(bootstrap, topic, expected, loop);
            loop.runChunk();
            return new Result(loop.eventsLooped, loop.loopNanos, loop.loopCpuNanos, aggregation);
        }
    }

    /** Collects decoded events into a chunk and runs the timed loop over each full chunk. */
    private static final class ChunkedLoop extends ConsumerRuns.EventDecoder {

        private final InMemoryWeeklyAggregation aggregation;
        private final TokenUsageEvent[] events = new TokenUsageEvent[CHUNK];
        private final int[] partitions = new int[CHUNK];
        private int filled;
        private long loopNanos;
        private long loopCpuNanos;
        private long eventsLooped;

        ChunkedLoop(String topic, InMemoryWeeklyAggregation aggregation) {
            super(topic);
            this.aggregation = aggregation;
        }

        @Override
        public void accept(ConsumerRecord<byte[], byte[]> record) {
            events[filled] = decode(record);
            partitions[filled] = record.partition();
            filled++;
            if (filled == CHUNK) {
                runChunk();
            }
        }

        void runChunk() {
            long now = System.currentTimeMillis();
            long cpuStart = THREAD_CPU.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < filled; i++) {
                aggregation.add(partitions[i], events[i], now);
            }
            loopNanos += System.nanoTime() - start;
            loopCpuNanos += THREAD_CPU.getCurrentThreadCpuTime() - cpuStart;
            eventsLooped += filled;
            Arrays.fill(events, 0, filled, null);
            filled = 0;
        }
    }
}
