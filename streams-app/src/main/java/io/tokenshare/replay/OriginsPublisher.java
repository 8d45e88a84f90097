package io.tokenshare.replay;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.config.Topics;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes rows of the model-origin table to the compacted {@code model-origins} topic, keyed by
 * author slug or model id. A row with {@code valid_from} is stamped with that day's midnight UTC, the
 * time from which it applies; a row without one gets the producer's clock. Producer settings and
 * defaults are as for {@link UsagePublisher}. Stops at the first record
 * Kafka refuses and throws a {@link PublishException} naming the broker and topic.
 */
public final class OriginsPublisher implements AutoCloseable {

    private final Topics topics;
    private final TrackedProducer<String, ModelOrigin> rows;

    /**
     * @param producerConfig  Kafka producer settings; needs at least {@code bootstrap.servers}
     * @param valueSerializer how rows are written on the topic; closed with this publisher
     * @param topics          where the rows go
     */
    public OriginsPublisher(
            Map<String, Object> producerConfig, Serializer<ModelOrigin> valueSerializer, Topics topics) {
        this.topics = topics;
        this.rows = new TrackedProducer<>(producerConfig, "origins", new StringSerializer(), valueSerializer);
    }

    /**
     * Sends every row and waits for the acknowledgements.
     *
     * @param progress told how many rows have been handed to the producer so far, after each one
     * @throws PublishException when Kafka is unreachable or refuses a record
     */
    public PublishReport publish(Stream<OriginTableRow> originRows, LongConsumer progress) {
        rows.checkReachable(topics.modelOrigins());
        return PublishLoop.run(originRows, new Pacer(RateLimit.UNLIMITED), this::send, progress, rows, null);
    }

    private void send(OriginTableRow row) {
        ModelOrigin origin = row.origin();
        rows.send(new ProducerRecord<>(
                topics.modelOrigins(), null, recordTimestamp(origin.getValidFrom()), row.key(), origin));
    }

    /** Kafka takes no timestamps before 1970: such rows get the producer's clock like undated ones. */
    private static Long recordTimestamp(LocalDate validFrom) {
        if (validFrom == null) {
            return null;
        }
        long millis = validFrom.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        return millis < 0 ? null : millis;
    }

    @Override
    public void close() {
        rows.close();
    }
}
