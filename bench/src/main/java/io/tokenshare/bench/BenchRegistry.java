package io.tokenshare.bench;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.Topics;
import io.tokenshare.serde.AvroSerdeConfig;
import io.tokenshare.serde.InMemorySchemaRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory schema registry shared by the benchmark and the pipeline it starts in a second JVM.
 * An in-memory registry lives in one process, so both register the schemas that cross the process
 * boundary (the input events and origins, the share rows) in the same order first: ids are handed out
 * in order, so both sides give the same schema the same id. Each side checks the ids it got.
 */
final class BenchRegistry {

    /** The {@code mock://} scope of the benchmark's registry. */
    static final String SCOPE = "tokenshare-bench";

    private BenchRegistry() {}

    /** The serde configuration that reaches this registry. */
    static Map<String, Object> serdeConfig() {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, AvroSerdeConfig.MOCK_URL_PREFIX + SCOPE);
    }

    /**
     * Registers the boundary schemas under the subjects of {@code topics} and returns subject → id. Call
     * it before any serde of the scope is used.
     */
    static Map<String, Integer> registerBoundarySchemas(List<Topics> topics) {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Topics t : topics) {
            ids.put(
                    valueSubject(t.tokenUsage()),
                    registry.register(valueSubject(t.tokenUsage()), TokenUsageEvent.getClassSchema()));
            ids.put(
                    valueSubject(t.modelOrigins()),
                    registry.register(valueSubject(t.modelOrigins()), ModelOrigin.getClassSchema()));
            for (String share : t.shareTopics()) {
                ids.put(valueSubject(share), registry.register(valueSubject(share), ShareRow.getClassSchema()));
            }
        }
        return ids;
    }

    /**
     * Registers the boundary schemas and fails unless they got the ids the other side got.
     *
     * @throws IllegalStateException naming the subject whose id differs
     */
    static void registerExpecting(List<Topics> topics, Map<String, Integer> expectedIds) {
        Map<String, Integer> ids = registerBoundarySchemas(topics);
        if (!ids.equals(expectedIds)) {
            throw new IllegalStateException("the pipeline JVM's schema ids " + ids + " differ from the benchmark's "
                    + expectedIds + ": something registered a schema before the boundary schemas were registered");
        }
    }

    private static String valueSubject(String topic) {
        return topic + "-value";
    }
}
