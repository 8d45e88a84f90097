package io.tokenshare.replay;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.Topics;
import io.tokenshare.ingest.DeadLetterHeaders;
import io.tokenshare.ingest.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes usage events to the {@code token-usage} topic, keyed by {@code model_id} and stamped with
 * {@code occurred_at}, and invalid replay lines to the dead-letter topic. Sends are asynchronous and
 * batched; an optional {@link RateLimit} paces them. Events the broker would refuse (far-future times,
 * huge ids) are dead-lettered with their reason before they are sent. An unreachable broker is waited
 * out for the outage patience, with progress lines. Publishing stops at the first record Kafka refuses,
 * flushes, and throws a {@link PublishException} that names the broker, topic, the timeout that expired
 * and the line to resume from.
 *
 * <p>Producer settings come from the caller (bootstrap servers, security, …). Where the caller sets
 * nothing, {@code linger.ms} is 20 and {@code batch.size} 256 KiB for throughput, {@code max.block.ms}
 * 15 s, and {@code delivery.timeout.ms} the outage patience. Idempotence and {@code acks=all} are always
 * on, so that retries neither duplicate nor lose events. The value serializer is the caller's, so that
 * this class does not depend on a wire format; the producer closes it on {@link #close()}.
 */
public final class UsagePublisher implements AutoCloseable {

    /** Dead letters of refused events keep the event's bytes unless they are this large. */
    private static final int MAX_DEAD_LETTER_VALUE_BYTES = 512 * 1024;

    /**
     * An event dead-lettered before sending.
     *
     * @param line   its data line (0 when not from a file)
     * @param reason why, and what was expected
     */
    public record RefusedEvent(long line, Violation reason) {}

    private final Topics topics;
    private final RateLimit rateLimit;
    private final Serializer<TokenUsageEvent> valueSerializer;
    private final TrackedProducer<String, TokenUsageEvent> events;
    private final TrackedProducer<byte[], byte[]> deadLetters;
    private final ResumePoint resume = new ResumePoint();
    private final List<RefusedEvent> refused = new ArrayList<>();
    private boolean deadLetterTopicChecked;

    /**
     * @param producerConfig  Kafka producer settings; needs at least {@code bootstrap.servers}
     * @param valueSerializer how events are written on the topic
     * @param topics          where events and dead letters go
     * @param rateLimit       how fast to send, {@link RateLimit#UNLIMITED} for as fast as possible
     */
    public UsagePublisher(
            Map<String, Object> producerConfig,
            Serializer<TokenUsageEvent> valueSerializer,
            Topics topics,
            RateLimit rateLimit) {
        this(producerConfig, valueSerializer, topics, rateLimit, TrackedProducer.DEFAULT_OUTAGE_PATIENCE, notice -> {});
    }

    /**
     * @param outagePatience how long to wait out an unreachable broker before giving up
     * @param notices        told a progress line while the broker does not answer
     */
    public UsagePublisher(
            Map<String, Object> producerConfig,
            Serializer<TokenUsageEvent> valueSerializer,
            Topics topics,
            RateLimit rateLimit,
            Duration outagePatience,
            Consumer<String> notices) {
        this.topics = topics;
        this.rateLimit = rateLimit;
        this.valueSerializer = valueSerializer;
        this.events = new TrackedProducer<>(
                producerConfig, "usage", new StringSerializer(), valueSerializer, outagePatience, notices);
        try {
            this.deadLetters = new TrackedProducer<>(
                    producerConfig,
                    "dead-letters",
                    new ByteArraySerializer(),
                    new ByteArraySerializer(),
                    outagePatience,
                    notices);
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
        return PublishLoop.run(usageEvents, new Pacer(rateLimit), e -> sendEvent(e, 0), progress, events, deadLetters);
    }

    /**
     * Sends events numbered by their data line, so that a failure says where to resume.
     *
     * @param progress told how many events have been handed to the producer so far, after each one
     * @throws PublishException when Kafka is unreachable or refuses a record; its message names the line to resume from
     */
    public PublishReport publishNumbered(Stream<NumberedEvent> numbered, LongConsumer progress) {
        events.checkReachable(topics.tokenUsage());
        try {
            return PublishLoop.run(
                    numbered, new Pacer(rateLimit), n -> sendEvent(n.event(), n.line()), progress, events, deadLetters);
        } catch (PublishException e) {
            throw e.withResumeLine(resume.line());
        }
    }

    /**
     * Sends the events of a JSON Lines replay to the usage topic and its invalid lines to the
     * dead-letter topic, with reason {@code UNPARSEABLE_LINE} and their file and line in the headers.
     *
     * @param progress told how many lines have been handed to the producers so far, after each one
     * @throws PublishException when Kafka is unreachable or refuses a record; its message names the line to resume from
     */
    public PublishReport publishLines(Stream<? extends JsonlLine> lines, LongConsumer progress) {
        events.checkReachable(topics.tokenUsage());
        try {
            return PublishLoop.run(lines, new Pacer(rateLimit), this::sendLine, progress, events, deadLetters);
        } catch (PublishException e) {
            throw e.withResumeLine(resume.line());
        }
    }

    /** Events dead-lettered before sending because the broker would refuse them, in file order. */
    public List<RefusedEvent> refusedEvents() {
        return List.copyOf(refused);
    }

    private void sendLine(JsonlLine line) {
        if (line instanceof ParsedEvent parsed) {
            sendEvent(parsed.event(), parsed.lineNumber(), parsed.file());
        } else if (line instanceof InvalidLine invalid) {
            sendDeadLetter(DeadLetterRecords.forInvalidLine(invalid, topics.tokenUsageDlq()), invalid.lineNumber());
        }
    }

    private void sendEvent(TokenUsageEvent event, long line) {
        sendEvent(event, line, null);
    }

    private void sendEvent(TokenUsageEvent event, long line, String file) {
        long now = System.currentTimeMillis();
        Optional<Violation> refusal = BrokerRefusals.check(event, now);
        if (refusal.isPresent()) {
            refused.add(new RefusedEvent(line, refusal.get()));
            sendDeadLetter(refusedRecord(event, refusal.get(), line, file), line);
            return;
        }
        if (line > 0) {
            resume.handed(line);
        }
        events.send(
                new ProducerRecord<>(
                        topics.tokenUsage(),
                        null,
                        BrokerRefusals.recordTimestamp(event, now),
                        event.getModelId(),
                        event),
                line > 0 ? () -> resume.acknowledged(line) : null);
    }

    private ProducerRecord<byte[], byte[]> refusedRecord(
            TokenUsageEvent event, Violation violation, long line, String file) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, utf8(violation.reason().name()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(violation.detail()));
        if (file != null) {
            headers.add(DeadLetterHeaders.SOURCE_FILE, utf8(file));
        }
        if (line > 0) {
            headers.add(DeadLetterHeaders.SOURCE_LINE, utf8(Long.toString(line)));
        }
        // Pinned to token-usage's subject, as the app's own dead letters of events are.
        byte[] value = valueSerializer.serialize(topics.tokenUsage(), event);
        return new ProducerRecord<>(
                topics.tokenUsageDlq(),
                null,
                null,
                null,
                value.length <= MAX_DEAD_LETTER_VALUE_BYTES ? value : null,
                headers);
    }

    private void sendDeadLetter(ProducerRecord<byte[], byte[]> record, long line) {
        if (!deadLetterTopicChecked) {
            deadLetters.checkReachable(topics.tokenUsageDlq());
            deadLetterTopicChecked = true;
        }
        if (line > 0) {
            resume.handed(line);
        }
        deadLetters.send(record, line > 0 ? () -> resume.acknowledged(line) : null);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
