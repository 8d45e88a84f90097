package io.tokenshare.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.ShareAlert;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.testsupport.ApicurioRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several instances starting together register the same schemas at the same moment on a real Apicurio:
 * every one gets the same id, none fails (Apicurio answers all but one with 409 "artifact already exists").
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConcurrentRegistrationIT {

    private static final int INSTANCES = 8;

    private static ApicurioRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void instancesRegisteringTheSameSchemaAtOnceAllGetItsId() throws Exception {
        for (int round = 0; round < 5; round++) {
            String subject = "concurrent-" + round + "-value";
            Schema schema = round % 2 == 0 ? TokenUsageEvent.getClassSchema() : ShareAlert.getClassSchema();
            assertThat(registerAtOnce(subject, schema))
                    .as("ids of round %s", round)
                    .hasSize(1);
        }
    }

    private static Set<Integer> registerAtOnce(String subject, Schema schema) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> ids = new ArrayList<>();
        try {
            for (int i = 0; i < INSTANCES; i++) {
                ids.add(pool.submit(() -> {
                    // A client per thread, as each instance has its own (and its own cache).
                    try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                            List.of(registry.ccompatUrl()), null, Duration.ofSeconds(5), Duration.ofSeconds(10))) {
                        start.await();
                        return client.register(subject, schema);
                    }
                }));
            }
            start.countDown();
            List<Integer> all = new ArrayList<>();
            for (Future<Integer> id : ids) {
                all.add(id.get());
            }
            return all.stream().collect(Collectors.toSet());
        } finally {
            pool.shutdownNow();
        }
    }
}
