package io.tokenshare.serde;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/** Avro's reader/writer compatibility check, with its findings as sentences people can act on. */
final class ReadCompatibility {

    private ReadCompatibility() {}

    /**
     * Why data written with {@code writer} cannot be read with {@code reader}; empty when it can.
     * Each entry reads like "READER_FIELD_MISSING_DEFAULT_VALUE at /fields/3: region".
     */
    static List<String> problems(Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        return result.getResult().getIncompatibilities().stream()
                .map(ReadCompatibility::describe)
                .toList();
    }

    private static String describe(Incompatibility incompatibility) {
        return incompatibility.getType() + " at " + incompatibility.getLocation() + ": " + incompatibility.getMessage();
    }
}
