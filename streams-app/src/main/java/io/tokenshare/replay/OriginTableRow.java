package io.tokenshare.replay;

import io.tokenshare.avro.ModelOrigin;
import java.util.Objects;

/**
 * One row of the model-origin table as read from a file: the record key of the {@code model-origins}
 * topic and its value.
 *
 * @param key    an author slug ({@code deepseek}) or a full model id ({@code deepseek/deepseek-v3.2})
 * @param origin the lab, origin and optional prices for that key
 */
public record OriginTableRow(String key, ModelOrigin origin) {

    /** Checks that both parts are present. */
    public OriginTableRow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(origin, "origin");
    }
}
