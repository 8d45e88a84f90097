package io.tokenshare.export;

import java.io.IOException;
import java.io.Writer;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Dead letters as CSV, one row per record of the dead-letter topic in topic order (partition, then
 * offset), quoted as {@link ShareCsv} quotes; a source field the record does not carry is empty.
 */
public final class DeadLetterCsv {

    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "reason",
            "detail",
            "source",
            "source_topic",
            "source_partition",
            "source_offset",
            "source_file",
            "source_line",
            "key",
            "dlq_partition",
            "dlq_offset",
            "timestamp");

    private static final List<Function<DeadLetter, Object>> FIELDS = List.of(
            DeadLetter::reason,
            DeadLetter::detail,
            DeadLetter::source,
            DeadLetter::sourceTopic,
            DeadLetter::sourcePartition,
            DeadLetter::sourceOffset,
            DeadLetter::sourceFile,
            DeadLetter::sourceLine,
            DeadLetter::key,
            DeadLetter::partition,
            DeadLetter::offset,
            DeadLetter::timestamp);

    private DeadLetterCsv() {}

    /** Writes the header and one line per dead letter, in the order given. */
    public static void write(Collection<DeadLetter> deadLetters, Writer out) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write('\n');
        for (DeadLetter deadLetter : deadLetters) {
            for (int i = 0; i < FIELDS.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(ShareCsv.field(FIELDS.get(i).apply(deadLetter)));
            }
            out.write('\n');
        }
    }
}
