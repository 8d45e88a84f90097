package io.tokenshare.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Undecodable input goes to the dead-letter topic (KIP-1034) with the original bytes, tokenshare's
 * reason headers and its offset noted in {@link IngestAccounting}, whose task counts it at its next
 * commit like every other dead letter, and processing continues. It logs through {@link DeadLetterLog}, a line per reason per interval at most,
 * instead of a stack trace per record.
 *
 * <p>A value too large to be written again (over the producer's {@code max.request.size}, less room for
 * key and headers) is left out of its dead letter, whose headers keep its size: under exactly-once, one
 * record the producer refuses puts the whole transaction in an error state, and no production handler
 * can resume from that (the thread dies, and dies again on the same record after every restart).
 */
public final class DeadLetteringDeserializationHandler implements DeserializationExceptionHandler {

    /** Header with the exception's class, for whoever reads the dead-letter topic. */
    public static final String EXCEPTION_HEADER = "tokenshare.dlq.exception";
    /** Header with the size of a value left out of its dead letter because it was too large to write. */
    public static final String OMITTED_VALUE_BYTES_HEADER = "tokenshare.dlq.omitted-value-bytes";

    private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    private IngestAccounting accounting = new IngestAccounting();
    private String deadLetterTopic;
    private int maxCopiedBytes = copyLimit(DEFAULT_MAX_REQUEST_SIZE);

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(IngestAccounting.CONFIG_KEY) instanceof IngestAccounting shared) {
            accounting = shared;
        }
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null || topic.toString().isBlank() ? null : topic.toString();
        Object limit = configs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (limit == null) {
            limit = configs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        if (limit != null) {
            maxCopiedBytes = copyLimit(Integer.parseInt(limit.toString().trim()));
        }
    }

    /** The producer's limit less room for the key, headers and batch overhead. */
    private static int copyLimit(int maxRequestSize) {
        return maxRequestSize - Math.min(64 * 1024, maxRequestSize / 4);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        accounting.undecodable(context.topic(), context.partition(), context.offset());
        String detail = String.valueOf(exception.getMessage());
        DeadLetterLog.shared()
                .deadLettered(
                        DeadLetterReason.UNDECODABLE,
                        context.topic() + "-" + context.partition() + "@" + context.offset(),
                        detail);
        if (deadLetterTopic == null) {
            return Response.resume();
        }
        Headers headers = new RecordHeaders(
                context.headers() == null
                        ? new RecordHeaders().toArray()
                        : context.headers().toArray());
        headers.add(DeadLetterHeaders.REASON, utf8(DeadLetterReason.UNDECODABLE.name()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(detail));
        headers.add(EXCEPTION_HEADER, utf8(exception.getClass().getName()));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(context.topic()));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(context.partition())));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(context.offset())));
        byte[] key = context.sourceRawKey();
        byte[] value = context.sourceRawValue();
        int size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        if (size > maxCopiedBytes) {
            headers.add(OMITTED_VALUE_BYTES_HEADER, utf8(Integer.toString(value == null ? 0 : value.length)));
            key = key != null && key.length > 256 ? null : key;
            value = null;
        }
        // A negative timestamp is refused by ProducerRecord; the producer's clock is fine for a dead letter.
        Long timestamp = context.timestamp() >= 0 ? context.timestamp() : null;
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, timestamp, key, value, headers)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
