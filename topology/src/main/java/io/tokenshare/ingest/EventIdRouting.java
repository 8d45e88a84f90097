package io.tokenshare.ingest;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.commit.CommitFlushHook;
import io.tokenshare.config.StoreNames;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The optional first hop of ingest ({@code tokenshare.ingest.route-by-event-id=true}): token-usage records
 * re-keyed by their event id and repartitioned, so that every resend meets its original in one task
 * whatever key (null, random) the producer gave it. Costs one internal topic that carries every event
 * once more (a produce, a consume and the bytes of the event on the broker). Watermark markers go to
 * every partition, as they came: each ingest task must see one to report its progress.
 *
 * <p>Undecodable records are refused here, in the routing task, which never reaches the ingest task's store of
 * counts: at each commit the routing task forwards their offsets in a control record (key
 * {@link #UNDECODABLE_KEY_PREFIX} + source partition, header {@link #UNDECODABLE_OFFSETS}), in the transaction
 * that commits their offsets, to one ingest partition, which counts them.
 */
final class EventIdRouting {

    static final String REPARTITION_NAME = "token-usage-by-event-id";
    // A key no producer's event id takes: the partitioner sends records under it to every partition.
    private static final String MARKER_KEY = "\u0000tokenshare.marker";
    // What every control key starts with; no valid event id does (identifiers hold no control characters).
    private static final String CONTROL_KEY_START = "\u0000";
    /** Key prefix, followed by the token-usage partition, of the control record of undecodable offsets. */
    static final String UNDECODABLE_KEY_PREFIX = "\u0000tokenshare.undecodable|";
    /** Header with the comma-separated offsets of undecodable records on the key's token-usage partition. */
    static final String UNDECODABLE_OFFSETS = "tokenshare.undecodable-offsets";

    private EventIdRouting() {}

    static KStream<String, TokenUsageEvent> route(
            KStream<String, TokenUsageEvent> input, Serde<TokenUsageEvent> eventSerde, IngestAccounting accounting) {
        ProcessorSupplier<String, TokenUsageEvent, String, TokenUsageEvent> keyByEventId = new ProcessorSupplier<>() {
            @Override
            public Processor<String, TokenUsageEvent, String, TokenUsageEvent> get() {
                return new KeyByEventId(accounting);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(CommitFlushHook.builder(StoreNames.INGEST_ROUTING_COMMIT_HOOK));
            }
        };
        return input.process(keyByEventId, Named.as("key-by-event-id"))
                .repartition(Repartitioned.<String, TokenUsageEvent>as(REPARTITION_NAME)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(eventSerde)
                        .withStreamPartitioner(new ByEventId()));
    }

    /** Key: the event id; "" when the record has none (it will be dead-lettered); the marker key for watermarks. */
    private static final class KeyByEventId implements Processor<String, TokenUsageEvent, String, TokenUsageEvent> {

        private final IngestAccounting accounting;
        private ProcessorContext<String, TokenUsageEvent> context;
        private int partition;

        KeyByEventId(IngestAccounting accounting) {
            this.accounting = accounting;
        }

        @Override
        public void init(ProcessorContext<String, TokenUsageEvent> context) {
            this.context = context;
            this.partition = context.taskId().partition();
            CommitFlushHook hook = context.getStateStore(StoreNames.INGEST_ROUTING_COMMIT_HOOK);
            hook.runBeforeCommit(context, this::forwardUndecodable);
        }

        private void forwardUndecodable() {
            Collection<Long> offsets = accounting.takeUndecodable(partition);
            if (offsets.isEmpty()) {
                return;
            }
            String joined =
                    String.join(",", offsets.stream().map(String::valueOf).toList());
            context.forward(new Record<String, TokenUsageEvent>(
                    UNDECODABLE_KEY_PREFIX + partition,
                    null,
                    context.currentSystemTimeMs(),
                    new RecordHeaders().add(UNDECODABLE_OFFSETS, joined.getBytes(StandardCharsets.UTF_8))));
        }

        @Override
        public void process(Record<String, TokenUsageEvent> record) {
            String key;
            if (record.headers().lastHeader(ControlHeaders.MARKER) != null) {
                key = MARKER_KEY;
            } else if (record.value() == null
                    || record.value().getEventId() == null
                    || record.value().getEventId().startsWith(CONTROL_KEY_START)) {
                // No id to route by, or one that would pass for a control key: it holds a control character, so it
                // is dead-lettered anyway, and must not be sent to every partition or read as undecodable offsets.
                key = "";
            } else {
                key = record.value().getEventId();
            }
            context.forward(record.withKey(key));
        }
    }

    /** The token-usage partition a control record of undecodable offsets is about, if {@code key} is one's. */
    static Optional<Integer> undecodableSource(String key) {
        if (key == null || !key.startsWith(UNDECODABLE_KEY_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(key.substring(UNDECODABLE_KEY_PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The offsets a control record of undecodable offsets carries. */
    static List<Long> undecodableOffsets(Headers headers) {
        Header header = headers.lastHeader(UNDECODABLE_OFFSETS);
        if (header == null || header.value().length == 0) {
            return List.of();
        }
        return Arrays.stream(new String(header.value(), StandardCharsets.UTF_8).split(","))
                .map(Long::valueOf)
                .toList();
    }

    /** The default partitioner's hash of the key, except for markers, which go to every partition. */
    static final class ByEventId implements StreamPartitioner<String, TokenUsageEvent> {

        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, TokenUsageEvent value, int numPartitions) {
            if (MARKER_KEY.equals(key)) {
                return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
            }
            Optional<Integer> source = undecodableSource(key);
            if (source.isPresent()) {
                // Always the same ingest partition for a source partition: it keeps what it counted of that source.
                return Optional.of(Set.of(source.get() % numPartitions));
            }
            byte[] bytes = (key == null ? "" : key).getBytes(StandardCharsets.UTF_8);
            return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(bytes)) % numPartitions));
        }
    }
}
