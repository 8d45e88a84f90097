package io.tokenshare.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.TokenUsageEvent;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Configuration errors say which key to set or fix. */
class SchemaRegistryClientsTest {

    @Test
    void aMissingUrlNamesTheKey() {
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url is not set")
                .hasMessageContaining("mock://");
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, " ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url is not set");
    }

    @Test
    void aSerdeWithoutUrlFailsAtConfigure() {
        assertThatThrownBy(() -> ConfluentAvroSerde.forValues(TokenUsageEvent.class, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void mockUrlsMustStandAloneAndNameAScope() {
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(
                        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://a,http://localhost:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mixes a mock:// URL with others");
        assertThatThrownBy(
                        () -> SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("without a scope");
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedWithoutShowingItsPassword() {
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(
                        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "ftp://registry:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url is invalid")
                .hasMessageContaining("'ftp://registry:8081' is not an absolute http:// or https:// URL");
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(
                        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://alice:s3cret@bad host:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("//***@bad host")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aCommaListGivesOneHttpClientOverEveryUrlWithoutCredentials() {
        try (SchemaRegistryClient client = SchemaRegistryClients.fromConfig(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                "http://alice:s3cret@registry-a:8081/, https://registry-b/apis/ccompat/v7"))) {
            assertThat(client).isInstanceOf(HttpSchemaRegistryClient.class);
            assertThat(((HttpSchemaRegistryClient) client).urls())
                    .containsExactly("http://registry-a:8081", "https://registry-b/apis/ccompat/v7");
        }
    }

    @Test
    void userInfoSourceNeedsUserAndPassword() {
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://localhost:8081",
                        AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.user.info must be user:password")
                .hasMessageContaining("not set");
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://localhost:8081",
                        AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                        AvroSerdeConfig.BASIC_AUTH_USER_INFO, "alice")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing the ':'")
                .hasMessageNotContaining("alice");
    }

    @Test
    void unsupportedCredentialSourcesAreNamed() {
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://localhost:8081",
                        AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source")
                .hasMessageContaining("SASL_INHERIT")
                .hasMessageContaining("USER_INFO");
    }

    @Test
    void aBadBooleanNamesItsKey() {
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://x",
                        AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "maybe")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas");
    }

    @Test
    void aDeserializerBuiltByNameNeedsItsType() {
        ConfluentAvroDeserializer<TokenUsageEvent> values = new ConfluentAvroDeserializer<>();
        assertThatThrownBy(() -> values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://x"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("specific.avro.value.type is not set");
        ConfluentAvroDeserializer<TokenUsageEvent> keys = new ConfluentAvroDeserializer<>();
        assertThatThrownBy(() -> keys.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://x"), true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("specific.avro.key.type is not set");
    }

    @Test
    void theTypeMustBeAGeneratedRecordClass() {
        ConfluentAvroDeserializer<TokenUsageEvent> deserializer = new ConfluentAvroDeserializer<>();
        assertThatThrownBy(() -> deserializer.configure(
                        Map.of(
                                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                                "mock://x",
                                AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE,
                                "java.lang.String"),
                        false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining("not an Avro SpecificRecord class");
        assertThatThrownBy(() -> deserializer.configure(
                        Map.of(
                                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                                "mock://x",
                                AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE,
                                "io.tokenshare.avro.NoSuchEvent"),
                        false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("io.tokenshare.avro.NoSuchEvent");
    }

    @Test
    void urlsMayBeGivenAsAList() {
        try (SchemaRegistryClient client = SchemaRegistryClients.fromConfig(
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, List.of("http://a:1", "http://b:2")))) {
            assertThat(((HttpSchemaRegistryClient) client).urls()).containsExactly("http://a:1", "http://b:2");
        }
    }
}
