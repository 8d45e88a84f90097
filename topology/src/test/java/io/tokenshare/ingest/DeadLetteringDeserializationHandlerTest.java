package io.tokenshare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetteringDeserializationHandlerTest {

    @Test
    void keepsTheOriginalBytesAndAddsReasonSourceAndOffset() {
        IngestAccounting accounting = new IngestAccounting();
        DeadLetteringDeserializationHandler handler = new DeadLetteringDeserializationHandler();
        handler.configure(Map.of(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                "token-usage-dlq",
                IngestAccounting.CONFIG_KEY,
                accounting));
        byte[] key = "m/x".getBytes(StandardCharsets.UTF_8);
        byte[] value = "not avro".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("token-usage", 3, 42L, key, value);

        DeserializationExceptionHandler.Response response = handler.handleError(
                new SourceContext("token-usage", 3, 42L, key, value),
                record,
                new SerializationException("bad magic byte"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo("token-usage-dlq");
        assertThat(dead.value()).isEqualTo(value);
        assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("UNDECODABLE");
        assertThat(header(dead.headers(), DeadLetterHeaders.DETAIL)).isEqualTo("bad magic byte");
        assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("3");
        assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("42");
        // Counted by the partition's task at its next commit, with the offsets that commit covers.
        assertThat(accounting.read()).isZero();
        assertThat(accounting.takeUndecodable(3)).containsExactly(42L);
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** The context Kafka Streams hands a handler, for one source record. */
    private record SourceContext(String topic, int partition, long offset, byte[] sourceRawKey, byte[] sourceRawValue)
            implements ErrorHandlerContext {
        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "read-token-usage";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, partition);
        }

        @Override
        public long timestamp() {
            return 0L;
        }
    }
}
