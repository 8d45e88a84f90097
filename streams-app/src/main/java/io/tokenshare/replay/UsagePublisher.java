package io.tokenshare.replay;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Publishes usage events to the {@code token-usage} topic, keyed by {@code model_id} and stamped with
 * {@code occurred_at}, and invalid replay lines to the dead-letter topic. Sends are asynchronous and
 * batched; an optional {@link RateLimit} paces them. Publishing stops at the first record Kafka
 * refuses, flushes, and throws a {@link PublishException} that names the broker and topic.
 *
 * <p>Producer settings come from the caller (bootstrap servers, security, …). Where the caller sets
 * nothing, {@code linger.ms} is 20 and {@code batch.size} 256 KiB for throughput, and
 * {@code max.block.ms} 15 s so that an unreachable broker is reported within seconds. Idempotence and
 * {@code acks=all} are always on, so that retries neither duplicate nor lose events. The value
 * serializer is the caller's, so that this class does not depend on a wire format; the producer closes
 * it on {@link #close()}.
 */
public final class UsagePublisher implements AutoCloseable {

    private final Topics topics;
    private final RateLimit rateLimit;
    private final TrackedProducer<String, TokenUsageEvent> events;
    private final TrackedProducer<byte[], byte[]> deadLetters;
    private boolean deadLetterTopicChecked;

    /**
     * @param producerConfig  Kafka producer settings; needs at least {@code bootstrap.servers}
     * @param valueSerializer how events are written on the topic
     * @param topics          where events and dead letters go
     * @param rateLimit       how fast to send, {@link RateLimit#UNLIMITED} for as fast as possible
     */
    public UsagePublisher(Map<String, Object> producerConfig, Serializer<TokenUsageEvent> valueSerializer,
                          Topics topics, RateLimit rateLimit) {
        this.topics = topics;
        this.rateLimit = rateLimit;
        this.events = new TrackedProducer<>(producerConfig, "usage", new StringSerializer(), valueSerializer);
        try {
            this.deadLetters = new TrackedProducer<>(producerConfig, "dead-letters", new ByteArraySerializer(),
                    new ByteArraySerializer());
        } catch (RuntimeException e) {
            Utf8Text.closeQuietlyAfterFailure(events, e);
            throw e;
        }
    }

    /**
     * Sends every event and waits for the acknowledgements.
     *
     * @param progress told how many events have been handed to the producer so far, after each one
     * @throws PublishException when Kafka is unreachable or refuses a record
     */
    public PublishReport publishEvents(Stream<TokenUsageEvent> usageEvents, LongConsumer progress) {
        events.checkReachable(topics.tokenUsage());
        return PublishLoop.run(usageEvents, new Pacer(rateLimit), this::sendEvent, progress, events, null);
    }

    /**
     * Sends the events of a JSON Lines replay to the usage topic and its invalid lines to the
     * dead-letter topic, with reason {@code UNPARSEABLE_LINE} and their file and line in the headers.
     *
     * @param progress told how many lines have been handed to the producers so far, after each one
     * @throws PublishException when Kafka is unreachable or refuses a record
     */
    public PublishReport publishLines(Stream<? extends JsonlLine> lines, LongConsumer progress) {
        events.checkReachable(topics.tokenUsage());
        return PublishLoop.run(lines, new Pacer(rateLimit), this::sendLine, progress, events, deadLetters);
    }

    private void sendLine(JsonlLine line) {
        if (line instanceof ParsedEvent parsed) {
            sendEvent(parsed.event());
        } else if (line instanceof InvalidLine invalid) {
            sendDeadLetter(invalid);
        }
    }

    private void sendEvent(TokenUsageEvent event) {
        events.send(new ProducerRecord<>(topics.tokenUsage(), null, recordTimestamp(event.getOccurredAt()),
                event.getModelId(), event));
    }

    private void sendDeadLetter(InvalidLine line) {
        if (!deadLetterTopicChecked) {
            deadLetters.checkReachable(topics.tokenUsageDlq());
            deadLetterTopicChecked = true;
        }
        deadLetters.send(DeadLetterRecords.forInvalidLine(line, topics.tokenUsageDlq()));
    }

    /**
     * The event time as the record timestamp, so that windows and retention see event time. Kafka
     * takes no timestamps before 1970; such events (which the app dead-letters anyway) and events
     * without a time get the producer's clock.
     */
    private static Long recordTimestamp(Instant occurredAt) {
        return occurredAt == null || occurredAt.toEpochMilli() < 0 ? null : occurredAt.toEpochMilli();
    }

    @Override
    public void close() {
        try {
            events.close();
        } finally {
            deadLetters.close();
        }
    }
}
