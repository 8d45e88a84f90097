package io.tokenshare.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private final String scope = "registry-test-" + UUID.randomUUID();
    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void oneScopeIsOneRegistryUntilDropped() {
        int id = registry.register("s", TokenUsageEvent.getClassSchema());

        SchemaRegistryClient configured =
                SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope));
        configured.close();
        assertThat(configured).isSameAs(registry);
        assertThat(InMemorySchemaRegistry.forScope(scope).schemaById(id)).isEqualTo(TokenUsageEvent.getClassSchema());
        assertThat(registry.url()).isEqualTo("mock://" + scope);

        InMemorySchemaRegistry.dropScope(scope);
        InMemorySchemaRegistry fresh = InMemorySchemaRegistry.forScope(scope);
        assertThat(fresh).isNotSameAs(registry);
        assertThatThrownBy(() -> fresh.schemaById(id)).isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void idsAreGlobalAndRegistrationIsIdempotent() {
        int usage = registry.register("token-usage-value", TokenUsageEvent.getClassSchema());
        int usageAgain = registry.register("token-usage-value", TokenUsageEvent.getClassSchema());
        int usageElsewhere = registry.register("other-value", TokenUsageEvent.getClassSchema());
        int origin = registry.register("model-origins-value", ModelOrigin.getClassSchema());

        assertThat(usageAgain).isEqualTo(usage);
        assertThat(usageElsewhere).isEqualTo(usage);
        assertThat(origin).isNotEqualTo(usage);
        assertThat(registry.latest("token-usage-value"))
                .isEqualTo(new RegisteredSchema(usage, 1, TokenUsageEvent.getClassSchema()));
        assertThat(registry.idOf("other-value", TokenUsageEvent.getClassSchema()))
                .isEqualTo(usage);
        assertThat(registry.schemaById(origin)).isEqualTo(ModelOrigin.getClassSchema());
    }

    @Test
    void absentThingsAreNotFoundWithTheirErrorCodes() {
        registry.register("token-usage-value", TokenUsageEvent.getClassSchema());

        assertThatThrownBy(() -> registry.schemaById(77))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND))
                .hasMessageContaining("no schema with id 77")
                .hasMessageContaining("mock://" + scope);
        assertThatThrownBy(() -> registry.latest("nobody-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                    assertThat(e.isNotFound()).isTrue();
                })
                .hasMessageContaining("no subject 'nobody-value'");
        assertThatThrownBy(() -> registry.idOf("token-usage-value", ShareRow.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND))
                .hasMessageContaining("io.tokenshare.avro.ShareRow under subject 'token-usage-value'");
    }

    @Test
    void aSubjectWithoutVersionsAcceptsAnySchema() {
        assertThat(registry.isCompatible("new-value", TokenUsageEvent.getClassSchema()))
                .isTrue();
    }

    @Test
    void unknownLevelsAreRefusedWithTheValidOnes() {
        assertThatThrownBy(() -> registry.setCompatibility(null, "SOMETIMES"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'SOMETIMES'")
                .hasMessageContaining("BACKWARD_TRANSITIVE");
    }

    @Test
    void concurrentRegistrationsAgreeOnIds() throws Exception {
        List<Schema> schemas =
                List.of(TokenUsageEvent.getClassSchema(), ModelOrigin.getClassSchema(), ShareRow.getClassSchema());
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<Integer>> work = () -> {
                    start.await();
                    List<Integer> ids = new ArrayList<>();
                    for (int round = 0; round < 50; round++) {
                        for (Schema schema : schemas) {
                            ids.add(registry.register(schema.getName() + "-" + (round % 4), schema));
                        }
                    }
                    return ids;
                };
                results.add(pool.submit(work));
            }
            start.countDown();
            Set<List<Integer>> distinctSequences = new HashSet<>();
            for (Future<List<Integer>> result : results) {
                distinctSequences.add(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(distinctSequences).hasSize(1);
            assertThat(Set.copyOf(distinctSequences.iterator().next())).hasSize(schemas.size());
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
