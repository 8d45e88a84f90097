package io.tokenshare.replay;

import io.tokenshare.ingest.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Dead-letter records for lines of a replay file that could not be read as events. */
final class DeadLetterRecords {

    /** {@link DeadLetterHeaders#REASON} of a line that is not an event. */
    static final String UNPARSEABLE_LINE = "UNPARSEABLE_LINE";

    private DeadLetterRecords() {}

    /**
     * The line's raw text as UTF-8 bytes, without a key (it has no trustworthy model id), with headers
     * saying why it was rejected and where it came from.
     */
    static ProducerRecord<byte[], byte[]> forInvalidLine(InvalidLine line, String deadLetterTopic) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, utf8(UNPARSEABLE_LINE));
        headers.add(DeadLetterHeaders.DETAIL, utf8(line.reason()));
        headers.add(DeadLetterHeaders.SOURCE_FILE, utf8(line.file()));
        headers.add(DeadLetterHeaders.SOURCE_LINE, utf8(Long.toString(line.lineNumber())));
        return new ProducerRecord<>(deadLetterTopic, null, null, null, utf8(line.rawText()), headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
