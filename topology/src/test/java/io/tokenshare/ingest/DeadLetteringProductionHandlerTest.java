package io.tokenshare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.serde.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** The production-error policy: drop what can never be written, retry what may pass, fail the rest. */
class DeadLetteringProductionHandlerTest {

    private static final String CHANGELOG = "tokenshare-share-alerts-store-changelog";

    private static DeadLetteringProductionHandler handler() {
        DeadLetteringProductionHandler handler = new DeadLetteringProductionHandler();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "token-usage-dlq"));
        return handler;
    }

    @Test
    void aChangelogRecordTooLargeForTheBrokerIsDroppedWithADeadLetterAndProcessingResumes() {
        byte[] key = "2026-02-09|rule".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> tooLarge = new ProducerRecord<>(CHANGELOG, 0, 123L, key, new byte[2_500_000]);

        // A punctuation's context: no source record, timestamp -1 (Kafka Streams' own handler failed on it).
        ProductionExceptionHandler.Response response = handler()
                .handleError(
                        new PunctuationContext(),
                        tooLarge,
                        new RecordTooLargeException(
                                "The message is 2500015 bytes when serialized which is larger than 1048576"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("token-usage-dlq");
            assertThat(dead.value()).isNull();
            assertThat(dead.timestamp()).isNull();
            assertThat(dead.key()).isEqualTo(key);
            assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("OUTPUT_TOO_LARGE");
            assertThat(header(dead.headers(), DeadLetterHeaders.OUTPUT_TOPIC)).isEqualTo(CHANGELOG);
            assertThat(header(dead.headers(), DeadLetterHeaders.DETAIL)).contains("2500015 bytes", CHANGELOG);
        });
    }

    @Test
    void transientBrokerErrorsAreRetriedAndOthersFail() {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(CHANGELOG, new byte[1], new byte[1]);

        assertThat(handler()
                        .handleError(new PunctuationContext(), r, new NotEnoughReplicasException("2 of 3"))
                        .result())
                .isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(handler()
                        .handleError(new PunctuationContext(), r, new TopicAuthorizationException("no ACL"))
                        .result())
                .isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    @Test
    void anUnserializableValueIsDroppedButARegistryOutageFails() {
        ProducerRecord<Object, Object> r = new ProducerRecord<>("share-by-origin", "k", "v");

        ProductionExceptionHandler.Response bad = handler()
                .handleSerializationError(
                        new PunctuationContext(),
                        r,
                        new SerializationException("not a record"),
                        ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);
        ProductionExceptionHandler.Response outage = handler()
                .handleSerializationError(
                        new PunctuationContext(),
                        r,
                        new SerializationException(
                                "register",
                                new SchemaRegistryException(
                                        "no registry answered",
                                        SchemaRegistryException.NO_ANSWER,
                                        SchemaRegistryException.NO_ANSWER,
                                        null)),
                        ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);

        assertThat(bad.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(header(bad.deadLetterQueueRecords().get(0).headers(), DeadLetterHeaders.REASON))
                .isEqualTo("UNSERIALIZABLE_OUTPUT");
        assertThat(outage.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** What Kafka Streams hands a handler for a record written by a punctuation. */
    private static final class PunctuationContext implements ErrorHandlerContext {
        @Override
        public String topic() {
            return null;
        }

        @Override
        public int partition() {
            return -1;
        }

        @Override
        public long offset() {
            return -1;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "share-alerts";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(2, 0);
        }

        @Override
        public long timestamp() {
            return -1L;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return null;
        }
    }
}
