package io.tokenshare.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Kafka Streams' log-and-continue handler with its dead-letter record (KIP-1034), plus tokenshare's
 * reason headers and a count, so that undecodable bytes are accounted for like every other
 * dead letter.
 */
public final class DeadLetteringDeserializationHandler extends LogAndContinueExceptionHandler {

    private IngestAccounting accounting = new IngestAccounting();

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        if (configs.get(IngestAccounting.CONFIG_KEY) instanceof IngestAccounting shared) {
            accounting = shared;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        List<ProducerRecord<byte[], byte[]>> deadLetters = response.deadLetterQueueRecords();
        for (ProducerRecord<byte[], byte[]> deadLetter : deadLetters) {
            addReason(deadLetter.headers(), context, exception);
        }
        accounting.recordRead();
        accounting.recordDeadLetter(DeadLetterReason.UNDECODABLE);
        return response;
    }

    private static void addReason(Headers headers, ErrorHandlerContext context, Exception exception) {
        headers.add(DeadLetterHeaders.REASON, utf8(DeadLetterReason.UNDECODABLE.name()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(String.valueOf(exception.getMessage())));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(context.topic()));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(context.partition())));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(context.offset())));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
