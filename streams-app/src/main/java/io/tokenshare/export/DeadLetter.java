package io.tokenshare.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenshare.ingest.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One record of the dead-letter topic, as its headers describe it: why it was rejected and where it
 * came from. A record from a topic names topic, partition and offset; a line of a replayed file names
 * file and line; what a producer did not write is null.
 *
 * @param partition       the dead-letter topic's partition
 * @param offset          the dead letter's offset in it
 * @param timestamp       the dead letter's record timestamp
 * @param reason          a dead-letter reason such as LATE_BEYOND_GRACE, or {@value ClusterResults#NO_REASON}
 * @param detail          which field, which value, what was expected
 * @param key             the record key as text (a model id for rejected events), null when keyless
 * @param sourceTopic     the topic the rejected record was read from
 * @param sourcePartition its partition
 * @param sourceOffset    its offset
 * @param sourceFile      the replayed file the rejected line came from
 * @param sourceLine      the line's 1-based number in that file
 */
public record DeadLetter(
        int partition,
        long offset,
        Instant timestamp,
        String reason,
        String detail,
        String key,
        String sourceTopic,
        Integer sourcePartition,
        Long sourceOffset,
        String sourceFile,
        Long sourceLine) {

    /**
     * Every record of a dead-letter topic, partition by partition in offset order. Needs no schema
     * registry: only headers and keys are read.
     *
     * @throws ExportException when the topic does not exist or cannot be read
     */
    public static List<DeadLetter> readAll(TopicReader reader, String topic) {
        List<DeadLetter> deadLetters = new ArrayList<>();
        reader.readAll(
                topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), record -> deadLetters.add(of(record)));
        return deadLetters;
    }

    /** Reads a dead letter's headers; numbers that do not parse are left null rather than guessed. */
    static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        String reason = header(record, DeadLetterHeaders.REASON);
        return new DeadLetter(
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                reason == null ? ClusterResults.NO_REASON : reason,
                header(record, DeadLetterHeaders.DETAIL),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                header(record, DeadLetterHeaders.SOURCE_TOPIC),
                asInteger(header(record, DeadLetterHeaders.SOURCE_PARTITION)),
                asLong(header(record, DeadLetterHeaders.SOURCE_OFFSET)),
                header(record, DeadLetterHeaders.SOURCE_FILE),
                asLong(header(record, DeadLetterHeaders.SOURCE_LINE)));
    }

    /** Where the rejected record came from: {@code file:line}, {@code topic/partition@offset}, or "unknown". */
    @JsonProperty("source")
    public String source() {
        if (sourceFile != null) {
            return sourceFile + (sourceLine == null ? "" : ":" + sourceLine);
        }
        if (sourceTopic != null) {
            return sourceTopic
                    + (sourcePartition == null ? "" : "/" + sourcePartition)
                    + (sourceOffset == null ? "" : "@" + sourceOffset);
        }
        return "unknown";
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Integer asInteger(String text) {
        Long value = asLong(text);
        return value == null || value != value.intValue() ? null : value.intValue();
    }

    private static Long asLong(String text) {
        try {
            return text == null ? null : Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
