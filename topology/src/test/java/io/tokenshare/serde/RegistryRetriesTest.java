package io.tokenshare.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.TokenUsageEvent;
import java.time.Duration;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Register-or-look-up and retries, against a real HTTP server with canned answers: what made an instance
 * shut down when another registered the same schema at the same moment, or the registry hiccupped.
 */
class RegistryRetriesTest {

    private static final Schema USAGE = TokenUsageEvent.getClassSchema();
    private static final String VERSIONS = "/subjects/token-usage-value/versions";
    private static final String LOOKUP = "/subjects/token-usage-value";
    private static final HttpSchemaRegistryClient.Retries FAST =
            new HttpSchemaRegistryClient.Retries(4, Duration.ofMillis(10), Duration.ofMillis(40));

    private final CannedRegistryServer server = CannedRegistryServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private HttpSchemaRegistryClient client() {
        return new HttpSchemaRegistryClient(
                List.of(server.url()), null, Duration.ofSeconds(2), Duration.ofSeconds(2), FAST);
    }

    @Test
    void apicuriosArtifactAlreadyExistsFromAConcurrentRegistrationIsLookedUp() {
        server.answer("POST", VERSIONS, 409, "{\"error_code\":409,\"message\":\"artifact already exists\"}")
                .answer(
                        "POST",
                        LOOKUP,
                        200,
                        "{\"subject\":\"token-usage-value\",\"id\":7,\"version\":1,\"schema\":\"{}\"}");
        try (HttpSchemaRegistryClient client = client()) {
            assertThat(client.register("token-usage-value", USAGE)).isEqualTo(7);
        }
        assertThat(server.requests())
                .extracting(r -> r.method() + " " + r.rawPath())
                .containsExactly("POST " + VERSIONS, "POST " + LOOKUP);
    }

    @Test
    void aConflictThatIsNotTheSameSchemaStaysAnIncompatibilityError() {
        server.answer(
                        "POST",
                        VERSIONS,
                        409,
                        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}")
                .answer("POST", LOOKUP, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        try (HttpSchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.register("token-usage-value", USAGE))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status())
                            .isEqualTo(409))
                    .hasMessageContaining("incompatible");
        }
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheRegistryAnswers() {
        server.failFirst("POST", VERSIONS, 2, 503, "{\"error_code\":50003,\"message\":\"unavailable\"}")
                .answer("POST", VERSIONS, 200, "{\"id\":11}");
        try (HttpSchemaRegistryClient client = client()) {
            assertThat(client.register("token-usage-value", USAGE)).isEqualTo(11);
        }
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void retriesAreBoundedAndTheErrorSaysHowLongItTried() {
        server.answer(
                "GET", "/schemas/ids/3", 500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");
        try (HttpSchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.schemaById(3))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("Error in the backend data store")
                    .hasMessageContaining("gave up after 4 attempts");
        }
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void clientErrorsAreNotRetried() {
        server.answer("GET", "/schemas/ids/3", 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        try (HttpSchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.schemaById(3)).isInstanceOf(SchemaRegistryException.class);
        }
        assertThat(server.requests()).hasSize(1);
    }
}
