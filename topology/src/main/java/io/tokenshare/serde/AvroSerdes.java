package io.tokenshare.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where the topology's stages get their Avro serdes from. The application backs it with the
 * Confluent-wire serde and the configured schema registry; a stage never constructs a serde itself,
 * so one stage can be tested alone with any registry.
 */
public interface AvroSerdes {

    /** A serde for record values of the given generated type. */
    <T extends SpecificRecord> Serde<T> forValues(Class<T> type);

    /** A serde for record keys of the given generated type. */
    <T extends SpecificRecord> Serde<T> forKeys(Class<T> type);
}
