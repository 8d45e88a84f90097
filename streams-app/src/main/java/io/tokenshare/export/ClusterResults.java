package io.tokenshare.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.config.Topics;
import io.tokenshare.ingest.ControlHeaders;
import io.tokenshare.ingest.DeadLetterHeaders;
import io.tokenshare.ingest.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * tokenshare's results as the topics of a cluster hold them: the share rows and alerts (compacted
 * topics, read to their end offsets) and an accounting counted from the input and dead-letter topics.
 */
public final class ClusterResults {

    /** Dead letters without a reason header (written by something other than tokenshare). */
    static final String NO_REASON = "NO_REASON_HEADER";

    private final TopicReader reader;
    private final Topics topics;
    private final Deserializer<ShareRow> rows;
    private final Deserializer<JsonNode> alerts;

    /**
     * @param reader reads whole topics
     * @param topics the topic names
     * @param rows   reads share rows
     * @param alerts reads alerts into JSON (see {@link AvroJson})
     */
    public ClusterResults(
            TopicReader reader, Topics topics, Deserializer<ShareRow> rows, Deserializer<JsonNode> alerts) {
        this.reader = reader;
        this.topics = topics;
        this.rows = rows;
        this.alerts = alerts;
    }

    /** The current rows of the four share topics. */
    public ShareResults shares() {
        return new ShareResults(
                rowsOf(topics.shareByOrigin()),
                rowsOf(topics.shareByLab()),
                rowsOf(topics.shareByModel()),
                rowsOf(topics.shareByCategory()));
    }

    /** The rows of one share topic. */
    public List<ShareRow> rowsOf(String topic) {
        return List.copyOf(
                reader.latestByKey(topic, new StringDeserializer(), rows).values());
    }

    /** The alerts in force: the last per alert key, retracted ones (tombstones) left out. */
    public List<JsonNode> alerts() {
        return List.copyOf(reader.latestByKey(topics.shareAlerts(), new StringDeserializer(), alerts)
                .values());
    }

    /**
     * The accounting the topics can give: every record of token-usage (watermark markers left out) and
     * every line dead-lettered by a replay were read; dead letters are counted by their reason header.
     * Which of the rest were counted and which were duplicates only the running app knows.
     */
    public AccountingReport accountingFromTopics() {
        long[] usageRecords = {0};
        reader.readAll(topics.tokenUsage(), new ByteArrayDeserializer(), new ByteArrayDeserializer(), record -> {
            if (record.headers().lastHeader(ControlHeaders.MARKER) == null) {
                usageRecords[0]++;
            }
        });
        Map<String, Long> byReason = new TreeMap<>();
        List<AccountingReport.InvalidLineNote> invalidLines = new ArrayList<>();
        reader.readAll(topics.tokenUsageDlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer(), record -> {
            String reason = header(record, DeadLetterHeaders.REASON);
            byReason.merge(reason == null ? NO_REASON : reason, 1L, Long::sum);
            if (DeadLetterReason.UNPARSEABLE_LINE.name().equals(reason)) {
                invalidLines.add(new AccountingReport.InvalidLineNote(
                        header(record, DeadLetterHeaders.SOURCE_FILE),
                        parseLine(header(record, DeadLetterHeaders.SOURCE_LINE)),
                        header(record, DeadLetterHeaders.DETAIL)));
            }
        });
        long read = usageRecords[0] + byReason.getOrDefault(DeadLetterReason.UNPARSEABLE_LINE.name(), 0L);
        long deadLetters = byReason.values().stream().mapToLong(Long::longValue).sum();
        return new AccountingReport(
                "topics",
                read,
                null,
                null,
                byReason,
                invalidLines,
                List.of(
                        "read = records on " + topics.tokenUsage()
                                + " (watermark markers left out) + lines of event files "
                                + "dead-lettered by a replay before they reached it",
                        "counted and duplicates cannot be known from the topics: which records were resends is decided by "
                                + "the running app's de-duplication state; together they are read - dead letters = "
                                + (read - deadLetters),
                        "records deleted from the topics (by retention or by hand) are not counted"));
    }

    /** Every record of the dead-letter topic, partition by partition in offset order. */
    public List<DeadLetter> deadLetters() {
        return DeadLetter.readAll(reader, topics.tokenUsageDlq());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long parseLine(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
