package io.tokenshare.commit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Pins the Kafka-internal contract {@link CommitFlushHook} relies on: the task flushes its stores' caches
 * before each commit ({@code StreamTask#prepareCommit} → {@code ProcessorStateManager#flushCache} →
 * {@code CachedStateStore#flushCache}), and records forwarded from there, with the owning processor set as
 * the current node, reach its children and the sink. TopologyTestDriver commits after every input record
 * and after every punctuation, through the same task code. If Kafka changes that path, this test fails.
 */
class CommitFlushHookTest {

    private static final String HOOK = "test-commit-hook";

    @Test
    void theActionRunsBeforeEveryCommitAndWhatItForwardsReachesTheSink() {
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(), properties())) {
            TestInputTopic<String, String> in = driver.createInputTopic(
                    "in", Serdes.String().serializer(), Serdes.String().serializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic(
                    "out", Serdes.String().deserializer(), Serdes.String().deserializer());

            in.pipeInput("k", "a", Instant.parse("2026-02-10T10:00:00Z"));
            in.pipeInput("k", "b", Instant.parse("2026-02-10T11:00:00Z"));
            List<TestRecord<String, String>> batches = out.readRecordsToList();

            assertThat(batches).extracting(TestRecord::value).containsExactly("a", "b");
            assertThat(batches).extracting(TestRecord::key).containsOnly("batch");
            assertThat(batches.get(1).timestamp())
                    .isEqualTo(Instant.parse("2026-02-10T11:00:00Z").toEpochMilli());
        }
    }

    @Test
    void aCommitWithNothingCollectedForwardsNothing() {
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(), properties())) {
            TestOutputTopic<String, String> out = driver.createOutputTopic(
                    "out", Serdes.String().deserializer(), Serdes.String().deserializer());
            driver.advanceWallClockTime(Duration.ofSeconds(5)); // punctuates and commits with no input
            assertThat(out.isEmpty()).isTrue();
        }
    }

    @Test
    void theHookRefusesARegistrationOutsideItsProcessorsInit() {
        CommitFlushHook hook = CommitFlushHook.builder(HOOK).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hook.runBeforeCommit(
                        new org.apache.kafka.streams.processor.api.MockProcessorContext<>(), () -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("init");
    }

    private static Topology topology() {
        Topology topology = new Topology();
        topology.addSource(
                "source", Serdes.String().deserializer(), Serdes.String().deserializer(), "in");
        topology.addProcessor("collect", Collector::new, "source");
        topology.addStateStore(CommitFlushHook.builder(HOOK), "collect");
        topology.addSink(
                "sink", "out", Serdes.String().serializer(), Serdes.String().serializer(), "collect");
        return topology;
    }

    private static Properties properties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "commit-flush-hook-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return p;
    }

    /** Forwards nothing while processing; at each commit, one record with what it collected since the last one. */
    private static final class Collector implements Processor<String, String, String, String> {

        private final List<String> collected = new ArrayList<>();
        private ProcessorContext<String, String> context;
        private long lastTimestamp;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            collected.clear();
            CommitFlushHook hook = context.getStateStore(HOOK);
            hook.runBeforeCommit(context, this::forwardBatch);
            context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> {});
        }

        @Override
        public void process(Record<String, String> record) {
            collected.add(record.value());
            lastTimestamp = record.timestamp();
        }

        private void forwardBatch() {
            if (!collected.isEmpty()) {
                context.forward(new Record<>("batch", String.join(",", collected), lastTimestamp));
                collected.clear();
            }
        }
    }
}
