package io.tokenshare.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.ingest.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLetterRecordsTest {

    @Test
    void carriesTheRawLineAndSaysWhyAndWhereFrom() {
        String rawText = "{\"event_id\":\"é\",";
        InvalidLine line = new InvalidLine(
                "/data/events.jsonl",
                12,
                rawText,
                InvalidLine.Kind.MALFORMED_JSON,
                "malformed JSON at column 17: Unexpected end-of-input");

        ProducerRecord<byte[], byte[]> record = DeadLetterRecords.forInvalidLine(line, "prod-token-usage-dlq");

        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(record.topic()).isEqualTo("prod-token-usage-dlq");
        assertThat(record.key()).isNull();
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(rawText);
        assertThat(headers)
                .containsExactly(
                        Map.entry("tokenshare.dlq.reason", "UNPARSEABLE_LINE"),
                        Map.entry("tokenshare.dlq.detail", "malformed JSON at column 17: Unexpected end-of-input"),
                        Map.entry("tokenshare.source.file", "/data/events.jsonl"),
                        Map.entry("tokenshare.source.line", "12"));
        assertThat(DeadLetterHeaders.REASON).isEqualTo("tokenshare.dlq.reason");
    }
}
