package io.tokenshare.ingest;

import io.tokenshare.avro.TokenUsageEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The optional first hop of ingest ({@code tokenshare.ingest.route-by-event-id=true}): token-usage records
 * re-keyed by their event id and repartitioned, so that every resend meets its original in one task
 * whatever key (null, random) the producer gave it. Costs one internal topic that carries every event
 * once more (a produce, a consume and the bytes of the event on the broker). Watermark markers go to
 * every partition, as they came: each ingest task must see one to report its progress.
 */
final class EventIdRouting {

    static final String REPARTITION_NAME = "token-usage-by-event-id";
    // A key no producer's event id takes: the partitioner sends records under it to every partition.
    private static final String MARKER_KEY = "\u0000tokenshare.marker";

    private EventIdRouting() {}

    static KStream<String, TokenUsageEvent> route(
            KStream<String, TokenUsageEvent> input, Serde<TokenUsageEvent> eventSerde) {
        return input.process(KeyByEventId::new, Named.as("key-by-event-id"))
                .repartition(Repartitioned.<String, TokenUsageEvent>as(REPARTITION_NAME)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(eventSerde)
                        .withStreamPartitioner(new ByEventId()));
    }

    /** Key: the event id; "" when the record has none (it will be dead-lettered); the marker key for watermarks. */
    private static final class KeyByEventId implements Processor<String, TokenUsageEvent, String, TokenUsageEvent> {

        private ProcessorContext<String, TokenUsageEvent> context;

        @Override
        public void init(ProcessorContext<String, TokenUsageEvent> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, TokenUsageEvent> record) {
            String key;
            if (record.headers().lastHeader(ControlHeaders.MARKER) != null) {
                key = MARKER_KEY;
            } else if (record.value() == null || record.value().getEventId() == null) {
                key = "";
            } else {
                key = record.value().getEventId();
            }
            context.forward(record.withKey(key));
        }
    }

    /** The default partitioner's hash of the key, except for markers, which go to every partition. */
    static final class ByEventId implements StreamPartitioner<String, TokenUsageEvent> {

        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, TokenUsageEvent value, int numPartitions) {
            if (MARKER_KEY.equals(key)) {
                return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
            }
            byte[] bytes = (key == null ? "" : key).getBytes(StandardCharsets.UTF_8);
            return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(bytes)) % numPartitions));
        }
    }
}
