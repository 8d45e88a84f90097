package io.tokenshare.cli;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.ingest.ControlHeaders;
import io.tokenshare.window.IsoWeek;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Closes every week of a finished replay. A week turns final once event time on every token-usage
 * partition has passed its end plus the grace; after the last event of a replay nothing moves event
 * time any more, so the last weeks would stay open forever. A watermark marker, one per partition,
 * moves it: a usage record with the header {@code tokenshare.marker=watermark} that the app neither
 * counts nor dead-letters.
 */
public final class WatermarkMarkers {

    public static final String MARKER_MODEL_ID = "tokenshare/watermark";

    private WatermarkMarkers() {}

    /** The first instant at which the week of {@code lastEvent} is past its grace: its end + grace + 1 ms. */
    public static Instant closingTimeOf(Instant lastEvent, Duration grace) {
        IsoWeek week = IsoWeek.containing(lastEvent.toEpochMilli());
        return Instant.ofEpochMilli(week.endMillis()).plus(grace).plusMillis(1);
    }

    /**
     * Sends one marker at {@code at} to every partition of the topic and waits for the acknowledgements.
     *
     * @return how many partitions got a marker
     */
    public static int send(
            Map<String, Object> producerConfig, Serializer<TokenUsageEvent> serializer, String topic, Instant at) {
        Map<String, Object> config = new java.util.HashMap<>(producerConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, TokenUsageEvent> producer =
                new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            List<PartitionInfo> partitions = producer.partitionsFor(topic);
            List<Future<RecordMetadata>> sends = partitions.stream()
                    .map(p -> producer.send(marker(topic, p.partition(), at)))
                    .toList();
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
            return partitions.size();
        } catch (ExecutionException e) {
            throw new RuntimeFailure(
                    "Kafka at " + config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
                            + " refused a watermark marker for topic " + topic + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while sending watermark markers to " + topic, e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new RuntimeFailure(
                    "cannot send watermark markers to topic " + topic + " on Kafka at "
                            + config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + e.getMessage(),
                    e);
        }
    }

    private static ProducerRecord<String, TokenUsageEvent> marker(String topic, int partition, Instant at) {
        TokenUsageEvent event = TokenUsageEvent.newBuilder()
                .setEventId("watermark:" + at.toEpochMilli() + ":" + partition)
                .setOccurredAt(at)
                .setModelId(MARKER_MODEL_ID)
                .setTotalTokens(0)
                .setRequests(1)
                .build();
        RecordHeaders headers = new RecordHeaders();
        headers.add(ControlHeaders.MARKER, ControlHeaders.MARKER_WATERMARK.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, partition, at.toEpochMilli(), MARKER_MODEL_ID, event, headers);
    }
}
