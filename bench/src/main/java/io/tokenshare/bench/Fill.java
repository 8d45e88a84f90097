package io.tokenshare.bench;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.Topics;
import io.tokenshare.replay.OriginTableRow;
import io.tokenshare.replay.OriginsPublisher;
import io.tokenshare.replay.PublishException;
import io.tokenshare.replay.PublishReport;
import io.tokenshare.replay.RateLimit;
import io.tokenshare.replay.ShippedData;
import io.tokenshare.replay.UsagePublisher;
import io.tokenshare.serde.ConfluentAvroSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Fills the topics before the runs: the shipped origin table into model-origins, then the synthetic
 * events into token-usage as fast as the broker takes them, through the project's own publishers and
 * serde.
 */
final class Fill {

    private Fill() {}

    /** What the fill produced and how fast. */
    record Result(PublishReport report, FillTally tally) {}

    /** The author slugs of the shipped origin table, for the synthetic catalog. */
    static List<String> shippedAuthors() {
        try (Stream<OriginTableRow> rows = ShippedData.origins()) {
            return rows.map(OriginTableRow::key)
                    .filter(key -> key.indexOf('/') < 0)
                    .distinct()
                    .toList();
        }
    }

    /**
     * Publishes the shipped origin table to the topics' model-origins. A freshly created topic on a busy
     * machine may refuse the first produce requests while its leader is still being set up (seen here as
     * NOT_LEADER_OR_FOLLOWER, then OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout); the rows are
     * a compacted table, so sending them again with a new producer is harmless.
     */
    static void origins(String bootstrap, Topics topics) {
        try {
            publishOrigins(bootstrap, topics, Duration.ofSeconds(20));
        } catch (PublishException firstAttempt) {
            System.err.println("publishing origins to " + topics.modelOrigins() + " failed, trying once more: "
                    + firstAttempt.getMessage());
            publishOrigins(bootstrap, topics, Duration.ofMinutes(2));
        }
    }

    private static void publishOrigins(String bootstrap, Topics topics, Duration deliveryTimeout) {
        Map<String, Object> config = new HashMap<>(producerConfig(bootstrap));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(deliveryTimeout.toMillis(), 30_000));
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (OriginsPublisher publisher = new OriginsPublisher(
                        config,
                        ConfluentAvroSerde.forValues(ModelOrigin.class, BenchRegistry.serdeConfig())
                                .serializer(),
                        topics);
                Stream<OriginTableRow> rows = ShippedData.origins()) {
            publisher.publish(rows, n -> {});
        }
    }

    /** Publishes every record of the fill and returns the publisher's report and the fill's ground truth. */
    static Result events(String bootstrap, Topics topics, HistoricalFill fill) {
        try (UsagePublisher publisher = new UsagePublisher(
                producerConfig(bootstrap),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, BenchRegistry.serdeConfig())
                        .serializer(),
                topics,
                RateLimit.UNLIMITED)) {
            Stream<TokenUsageEvent> events = StreamSupport.stream(
                    Spliterators.spliteratorUnknownSize(fill, Spliterator.ORDERED | Spliterator.NONNULL), false);
            PublishReport report = publisher.publishEvents(events, n -> {});
            return new Result(report, fill.tally());
        }
    }

    static Map<String, Object> producerConfig(String bootstrap) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG,
                "tokenshare-bench");
    }
}
