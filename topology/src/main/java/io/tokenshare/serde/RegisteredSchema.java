package io.tokenshare.serde;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject, as the registry knows it.
 *
 * @param id      the schema's global id, the one written into each record's header
 * @param version the version number within the subject, from 1
 * @param schema  the schema itself
 */
public record RegisteredSchema(int id, int version, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(schema, "schema");
    }
}
