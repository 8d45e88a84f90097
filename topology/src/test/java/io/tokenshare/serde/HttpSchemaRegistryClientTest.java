package io.tokenshare.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.TokenUsageEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against a real local HTTP server giving canned Confluent answers. */
class HttpSchemaRegistryClientTest {

    private static final Schema USAGE = TokenUsageEvent.getClassSchema();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CannedRegistryServer server = CannedRegistryServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void registerPostsTheSchemaAsConfluentJsonAndAsksOnce() throws IOException {
        server.answer("POST", "/subjects/token-usage-value/versions", 200, "{\"id\": 7}");
        try (HttpSchemaRegistryClient client = client(server.url())) {
            assertThat(client.register("token-usage-value", USAGE)).isEqualTo(7);
            assertThat(client.register("token-usage-value", USAGE)).isEqualTo(7);
            assertThat(client.schemaById(7)).as("known from registering").isEqualTo(USAGE);
        }

        assertThat(server.requests()).singleElement().satisfies(request -> {
            assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
            JsonNode body = JSON.readTree(request.body());
            assertThat(new Schema.Parser().parse(body.get("schema").asText())).isEqualTo(USAGE);
            assertThat(request.authorization()).isNull();
        });
    }

    @Test
    void schemaByIdIsFetchedOnceAndParsed() {
        server.answer("GET", "/schemas/ids/12", 200, json(Map.of("schema", USAGE.toString())));
        try (HttpSchemaRegistryClient client = client(server.url())) {
            assertThat(client.schemaById(12)).isEqualTo(USAGE);
            assertThat(client.schemaById(12)).isEqualTo(USAGE);
        }
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void idOfLooksUpWithoutRegistering() {
        server.answer(
                "POST",
                "/subjects/model-origins-value",
                200,
                json(Map.of(
                        "subject",
                        "model-origins-value",
                        "id",
                        9,
                        "version",
                        2,
                        "schema",
                        ModelOrigin.getClassSchema().toString())));
        try (HttpSchemaRegistryClient client = client(server.url())) {
            assertThat(client.idOf("model-origins-value", ModelOrigin.getClassSchema()))
                    .isEqualTo(9);
        }
        assertThat(server.requests())
                .extracting(CannedRegistryServer.Request::rawPath)
                .containsExactly("/subjects/model-origins-value");
    }

    @Test
    void aMissingSubjectCarriesTheRegistryErrorCodeAndMessage() {
        server.answer(
                "POST",
                "/subjects/nobody-value",
                404,
                "{\"error_code\": 40401, \"message\": \"Subject 'nobody-value' not found.\"}");
        try (HttpSchemaRegistryClient client = client(server.url())) {
            assertThatThrownBy(() -> client.idOf("nobody-value", USAGE))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                        assertThat(e.isNotFound()).isTrue();
                    })
                    .hasMessageContaining(server.url())
                    .hasMessageContaining("subject 'nobody-value'")
                    .hasMessageContaining("status 404, error_code 40401")
                    .hasMessageContaining("Subject 'nobody-value' not found.")
                    .hasMessageContaining("auto.register.schemas=true");
        }
    }

    @Test
    void latestGivesIdVersionAndSchema() {
        server.answer(
                "GET",
                "/subjects/token-usage-value/versions/latest",
                200,
                json(Map.of("subject", "token-usage-value", "id", 31, "version", 4, "schema", USAGE.toString())));
        try (HttpSchemaRegistryClient client = client(server.url())) {
            assertThat(client.latest("token-usage-value")).isEqualTo(new RegisteredSchema(31, 4, USAGE));
        }
    }

    @Test
    void compatibilityIsAskedAgainstTheLatestVersion() {
        server.answer("POST", "/compatibility/subjects/yes-value/versions/latest", 200, "{\"is_compatible\": true}")
                .answer("POST", "/compatibility/subjects/no-value/versions/latest", 200, "{\"is_compatible\": false}")
                .answer(
                        "POST",
                        "/compatibility/subjects/new-value/versions/latest",
                        404,
                        "{\"error_code\": 40401, \"message\": \"Subject 'new-value' not found.\"}");
        try (HttpSchemaRegistryClient client = client(server.url())) {
            assertThat(client.isCompatible("yes-value", USAGE)).isTrue();
            assertThat(client.isCompatible("no-value", USAGE)).isFalse();
            assertThat(client.isCompatible("new-value", USAGE))
                    .as("nothing to be incompatible with")
                    .isTrue();
        }
    }

    @Test
    void compatibilityLevelsArePutGloballyOrPerSubject() throws IOException {
        server.answer("PUT", "/config", 200, "{\"compatibility\": \"FULL\"}")
                .answer("PUT", "/config/token-usage-value", 200, "{\"compatibility\": \"NONE\"}");
        try (HttpSchemaRegistryClient client = client(server.url())) {
            client.setCompatibility(null, "full");
            client.setCompatibility("token-usage-value", "NONE");
            assertThatThrownBy(() -> client.setCompatibility(null, "LOOSE"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        List<CannedRegistryServer.Request> requests = server.requests();
        assertThat(requests)
                .extracting(CannedRegistryServer.Request::rawPath)
                .containsExactly("/config", "/config/token-usage-value");
        assertThat(JSON.readTree(requests.get(0).body()).get("compatibility").asText())
                .isEqualTo("FULL");
        assertThat(JSON.readTree(requests.get(1).body()).get("compatibility").asText())
                .isEqualTo("NONE");
    }

    @Test
    void anIncompatibleSchemaIsRefusedWithTheRegistrysReason() {
        server.answer(
                "POST",
                "/subjects/token-usage-value/versions",
                409,
                "{\"error_code\": 409, \"message\": "
                        + "\"Schema being registered is incompatible with an earlier schema for subject \\\"token-usage-value\\\"\"}");
        try (HttpSchemaRegistryClient client = client(server.url())) {
            assertThatThrownBy(() -> client.register("token-usage-value", USAGE))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA))
                    .hasMessageContaining("status 409")
                    .hasMessageContaining("incompatible with an earlier schema for subject \"token-usage-value\"")
                    .hasMessageContaining("give new fields a default");
        }
    }

    @Test
    void aServerErrorSaysTheRegistryFailed() {
        server.answer(
                "GET",
                "/schemas/ids/3",
                500,
                "{\"error_code\": 50001, \"message\": \"Error in the backend data store\"}");
        try (HttpSchemaRegistryClient client = client(server.url())) {
            assertThatThrownBy(() -> client.schemaById(3))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(500);
                        assertThat(e.errorCode()).isEqualTo(50001);
                        assertThat(e.isNotFound()).isFalse();
                    })
                    .hasMessageContaining("GET /schemas/ids/3")
                    .hasMessageContaining("status 500, error_code 50001: Error in the backend data store")
                    .hasMessageContaining("check its logs");
        }
    }

    @Test
    void aProxyErrorPageIsQuoted() {
        server.answerText("GET", "/schemas/ids/3", 502, "<html>Bad Gateway</html>");
        try (HttpSchemaRegistryClient client = client(server.url())) {
            assertThatThrownBy(() -> client.schemaById(3))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(SchemaRegistryException.NO_ANSWER))
                    .hasMessageContaining("status 502: <html>Bad Gateway</html>");
        }
    }

    @Test
    void aRegistryThatDoesNotAnswerInTimeIsNamed() {
        server.hang("GET", "/schemas/ids/1");
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                List.of(server.url()), null, Duration.ofSeconds(5), Duration.ofMillis(300))) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status())
                            .isEqualTo(SchemaRegistryException.NO_ANSWER))
                    .hasMessageContaining(server.url() + " did not answer within 300 ms")
                    .hasMessageContaining("http.read.timeout.ms");
        }
    }

    @Test
    void anUnreachableRegistryIsNamed() throws IOException {
        String closedPort = "http://127.0.0.1:" + freePort();
        try (HttpSchemaRegistryClient client = client(closedPort)) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("could not connect to " + closedPort)
                    .hasMessageContaining("schema.registry.url");
        }
    }

    @Test
    void aRegistryThatDoesNotAnswerIsSkippedForTheNextUrl() throws IOException {
        server.answer("GET", "/schemas/ids/5", 200, json(Map.of("schema", USAGE.toString())))
                .answer(
                        "GET",
                        "/schemas/ids/6",
                        200,
                        json(Map.of("schema", ModelOrigin.getClassSchema().toString())));
        String closedPort = "http://127.0.0.1:" + freePort();
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                List.of(closedPort, server.url()), null, Duration.ofSeconds(2), Duration.ofSeconds(5))) {
            assertThat(client.schemaById(5)).isEqualTo(USAGE);
            assertThat(client.schemaById(6)).isEqualTo(ModelOrigin.getClassSchema());
        }
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void userInfoCredentialsAreSentAsBasicAuth() {
        server.answer("GET", "/schemas/ids/1", 200, json(Map.of("schema", USAGE.toString())));
        Map<String, Object> configs = Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                server.url(),
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                "USER_INFO",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                "alice:s3cret");
        try (SchemaRegistryClient client = SchemaRegistryClients.fromConfig(configs)) {
            client.schemaById(1);
        }
        assertThat(server.requests())
                .singleElement()
                .extracting(CannedRegistryServer.Request::authorization)
                .isEqualTo(basic("alice:s3cret"));
    }

    @Test
    void urlCredentialsAreSentAsBasicAuthAndKeptOutOfMessages() {
        server.answer("GET", "/schemas/ids/1", 401, "{\"error_code\": 40101, \"message\": \"Unauthorized\"}");
        String withCredentials = server.url().replace("http://", "http://bob:pa%3Ass@");
        try (SchemaRegistryClient client =
                SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, withCredentials))) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining(server.url())
                    .hasMessageContaining("basic.auth.user.info")
                    .hasMessageNotContaining("pa:ss")
                    .hasMessageNotContaining("pa%3Ass");
        }
        assertThat(server.requests())
                .singleElement()
                .extracting(CannedRegistryServer.Request::authorization)
                .isEqualTo(basic("bob:pa:ss"));
    }

    @Test
    void subjectsAreEscapedAndTheUrlPathIsKept() {
        server.answer("POST", "/apis/ccompat/v7/subjects/odd%20topic%2Fname-value/versions", 200, "{\"id\": 3}");
        try (HttpSchemaRegistryClient client = client(server.url() + "/apis/ccompat/v7/")) {
            assertThat(client.register("odd topic/name-value", USAGE)).isEqualTo(3);
        }
    }

    @Test
    void anAnswerWithoutTheExpectedFieldIsExplained() {
        server.answer("POST", "/subjects/token-usage-value/versions", 200, "{\"identifier\": 3}");
        try (HttpSchemaRegistryClient client = client(server.url())) {
            assertThatThrownBy(() -> client.register("token-usage-value", USAGE))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("without the expected field 'id'")
                    .hasMessageContaining("{\"identifier\":3}");
        }
    }

    private static HttpSchemaRegistryClient client(String url) {
        return new HttpSchemaRegistryClient(List.of(url), null, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(new LinkedHashMap<>(fields));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port on which nothing listens: bound once by the OS, then released. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
