package io.tokenshare.ingest;

import io.tokenshare.config.EventBounds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * What happens when Kafka Streams cannot write one of the app's own records (to an output, repartition
 * or changelog topic). The policy, per KIP-1033 and KIP-1065:
 * <ul>
 *   <li>a record that can never be written (too large for the broker, or its value cannot be
 *       serialized) is dropped: a dead letter saying which topic and why goes to the dead-letter topic
 *       (headers only, the record itself is what could not be written) and processing resumes. Failing
 *       instead would fail the same record again after every restart: a crash loop that only a manual
 *       reset ends. A dropped changelog record leaves that store's changelog one update behind; the
 *       next update of the key repairs it;</li>
 *   <li>a transient error (a retriable broker error) is retried: the task is re-processed;</li>
 *   <li>a serialization error caused by the schema registry being unreachable fails the thread (its
 *       replacement retries), because dropping would lose a good record;</li>
 *   <li>anything else fails, as Kafka Streams' default handler does.</li>
 * </ul>
 * Under exactly-once, the first bullet holds for serialization errors only: a record the producer
 * refuses puts the open transaction in an error state, the commit fails and the thread dies whatever
 * the handler answers (then {@code StreamThreadFailurePolicy} applies). That is why such records must
 * not be produced at all: events are bounded ({@link EventBounds}) and dead letters leave out values too
 * large to write ({@link DeadLetteringDeserializationHandler}).
 *
 * <p>It never builds a record with the context's timestamp: a punctuation has none (-1), and
 * {@code ProducerRecord} refuses it, which made Kafka Streams' own handler fail with
 * "Invalid timestamp: -1".
 */
public final class DeadLetteringProductionHandler implements ProductionExceptionHandler {

    private static final int SHOWN_KEY_BYTES = 256;

    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null || topic.toString().isBlank() ? null : topic.toString();
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RecordTooLargeException) {
            return drop(
                    DeadLetterReason.OUTPUT_TOO_LARGE, context, record.topic(), record.key(), size(record), exception);
        }
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        return Response.fail();
    }

    // "rawtypes": Kafka's ProductionExceptionHandler declares this parameter raw, and an override must match it.
    @SuppressWarnings("rawtypes")
    @Override
    public Response handleSerializationError(
            ErrorHandlerContext context,
            ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        if (causedByTheRegistry(exception)) {
            return Response.fail();
        }
        return drop(DeadLetterReason.UNSERIALIZABLE_OUTPUT, context, record.topic(), null, -1, exception);
    }

    private Response drop(
            DeadLetterReason reason,
            ErrorHandlerContext context,
            String topic,
            byte[] key,
            long size,
            Exception exception) {
        String detail = "could not write a record to " + topic + (size >= 0 ? " (" + size + " bytes)" : "") + ": "
                + exception.getClass().getSimpleName() + ": " + exception.getMessage();
        String source = context == null ? topic : context.processorNodeId() + " in task " + context.taskId();
        DeadLetterLog.shared().deadLettered(reason, source, detail);
        if (deadLetterTopic == null) {
            return Response.resume();
        }
        Headers headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, utf8(reason.name()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(detail));
        headers.add(DeadLetterHeaders.OUTPUT_TOPIC, utf8(topic));
        if (context != null && context.topic() != null) {
            headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(context.topic()));
            headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(context.partition())));
            headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(context.offset())));
        }
        byte[] shownKey = key == null ? null : Arrays.copyOf(key, Math.min(key.length, SHOWN_KEY_BYTES));
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, null, shownKey, null, headers)));
    }

    private static long size(ProducerRecord<byte[], byte[]> record) {
        return (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
    }

    private static boolean causedByTheRegistry(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof io.tokenshare.serde.SchemaRegistryException) {
                return true;
            }
        }
        return false;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
