package io.tokenshare.alert;

import io.tokenshare.serde.AvroSerdes;
import io.tokenshare.serde.ConfluentAvroSerde;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** The application's Confluent-wire serdes on an in-memory registry of the given scope, for tests of one stage. */
final class MockRegistrySerdes implements AvroSerdes {

    private final Map<String, String> configs;

    MockRegistrySerdes(String scope) {
        this.configs = Map.of("schema.registry.url", "mock://" + scope);
    }

    @Override
    public <T extends SpecificRecord> Serde<T> forValues(Class<T> type) {
        return ConfluentAvroSerde.forValues(type, configs);
    }

    @Override
    public <T extends SpecificRecord> Serde<T> forKeys(Class<T> type) {
        return ConfluentAvroSerde.forKeys(type, configs);
    }
}
