package io.tokenshare.attribution;

import io.tokenshare.avro.internal.OriginHistory;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The handle of the model-origin table that {@link AttributionStage} builds: a global store of each key's row
 * history, readable from any processor of the topology. A stage that attributes takes this handle rather than
 * knowing the store's name.
 *
 * @param storeName the global store's name
 */
public record OriginTable(String storeName) {

    public OriginTable {
        Objects.requireNonNull(storeName, "storeName");
    }

    /** The table as a processor reads it, from its {@code init}. */
    public KeyValueStore<String, OriginHistory> store(ProcessingContext context) {
        return context.getStateStore(storeName);
    }
}
