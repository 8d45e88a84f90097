package io.tokenshare.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredConfigTest {

    @TempDir
    Path dir;

    @Test
    void eachLayerOverridesTheOneBefore() throws IOException {
        Path file = properties("tokenshare.window.grace=3d\ntokenshare.share.top-n=5\ntokenshare.dedup.horizon=9d\n"
                + "bootstrap.servers=file:9092\n");
        Map<String, String> env = Map.of("TOKENSHARE_SHARE_TOP_N", "7", "TOKENSHARE_DEDUP_HORIZON", "10d");
        Map<String, String> flags = Map.of("tokenshare.dedup.horizon", "11d");

        LayeredConfig config = LayeredConfig.resolve(file, env, flags);

        assertThat(config.settings().emitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.sourceOf(TokenshareSettings.EMIT_INTERVAL)).contains(LayeredConfig.Layer.DEFAULT);
        assertThat(config.settings().grace()).isEqualTo(Duration.ofDays(3));
        assertThat(config.sourceOf(TokenshareSettings.GRACE)).contains(LayeredConfig.Layer.FILE);
        assertThat(config.settings().topN()).isEqualTo(7);
        assertThat(config.sourceOf(TokenshareSettings.TOP_N)).contains(LayeredConfig.Layer.ENVIRONMENT);
        assertThat(config.settings().dedupHorizon()).isEqualTo(Duration.ofDays(11));
        assertThat(config.sourceOf(TokenshareSettings.DEDUP_HORIZON)).contains(LayeredConfig.Layer.FLAG);
        assertThat(config.get("bootstrap.servers")).contains("file:9092");
        assertThat(config.describeSource("bootstrap.servers")).isEqualTo("the properties file " + file);
    }

    @Test
    void environmentNamesMapToTokenshareKafkaAndRegistryKeys() {
        Map<String, String> env = Map.of(
                "TOKENSHARE_WINDOW_GRACE", "36h",
                "TOKENSHARE_INGEST_PROGRESS_INTERVAL", "30m",
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
                "KAFKA_APPLICATION_SERVER", "tokenshare-1:8080",
                "SCHEMA_REGISTRY_URL", "http://registry:8081",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "KAFKA_HOME", "/opt/kafka",
                "PATH", "/usr/bin");

        LayeredConfig config = LayeredConfig.resolve(null, env, Map.of());

        assertThat(config.settings().grace()).isEqualTo(Duration.ofHours(36));
        assertThat(config.settings().progressInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.values())
                .containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;")
                .containsEntry("application.server", "tokenshare-1:8080")
                .containsEntry("schema.registry.url", "http://registry:8081")
                .doesNotContainKeys("heap.opts", "home", "path");
    }

    @Test
    void environmentNameOfAKeyIsWhatTheEnvironmentLayerReadsBack() {
        for (String key : TokenshareSettings.DEFAULTS.keySet()) {
            String name = LayeredConfig.environmentNameOf(key);
            assertThat(LayeredConfig.fromEnvironment(Map.of(name, "x"))).containsOnlyKeys(key);
        }
        assertThat(LayeredConfig.environmentNameOf("sasl.mechanism")).isEqualTo("KAFKA_SASL_MECHANISM");
        assertThat(LayeredConfig.fromEnvironment(Map.of("KAFKA_SASL_MECHANISM", "PLAIN")))
                .containsExactly(Map.entry("sasl.mechanism", "PLAIN"));
    }

    @Test
    void unknownTokenshareKeyInTheFileIsNamedWithTheValidOnes() throws IOException {
        Path file = properties("tokenshare.window.grase=3d\n");

        assertThatThrownBy(() -> LayeredConfig.resolve(file, Map.of(), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("unknown tokenshare setting tokenshare.window.grase")
                .hasMessageContaining("the properties file " + file)
                .hasMessageContaining("tokenshare.window.grace [TOKENSHARE_WINDOW_GRACE] default '2d'")
                .hasMessageContaining("tokenshare.share.top-n [TOKENSHARE_SHARE_TOP_N] default '9'");
    }

    @Test
    void unknownTokenshareVariableAndFlagAreErrorsToo() {
        assertThatThrownBy(() -> LayeredConfig.resolve(null, Map.of("TOKENSHARE_GRACE", "3d"), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("TOKENSHARE_GRACE in the environment")
                .hasMessageContaining("TOKENSHARE_WINDOW_GRACE");
        assertThatThrownBy(() -> LayeredConfig.resolve(null, Map.of(), Map.of("tokenshare.topn", "3")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("tokenshare.topn in the command line");
    }

    @Test
    void internalKeysCannotBeSetByUsers() {
        assertThatThrownBy(() ->
                        LayeredConfig.resolve(null, Map.of(), Map.of("tokenshare.internal.ingest-accounting", "x")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("tokenshare.internal.ingest-accounting");
    }

    @Test
    void badValueNamesTheKeyAndWhereItWasSet() {
        assertThatThrownBy(() -> LayeredConfig.resolve(null, Map.of("TOKENSHARE_WINDOW_GRACE", "two days"), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("tokenshare.window.grace: 'two days' is not a duration")
                .hasMessageContaining("set in the environment");
    }

    @Test
    void missingPropertiesFileSaysSo() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> LayeredConfig.resolve(missing, Map.of(), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("the properties file " + missing + " does not exist");
    }

    @Test
    void requiredKeyMessageNamesFlagFileAndVariable() {
        LayeredConfig config = LayeredConfig.resolve(null, Map.of(), Map.of());

        assertThatThrownBy(() -> config.require("bootstrap.servers", "--bootstrap-servers", "localhost:9092"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("bootstrap.servers is not set")
                .hasMessageContaining("--bootstrap-servers localhost:9092")
                .hasMessageContaining("--config")
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void blankValueCountsAsUnset() {
        LayeredConfig config = LayeredConfig.resolve(null, Map.of("KAFKA_BOOTSTRAP_SERVERS", " "), Map.of());

        assertThat(config.get("bootstrap.servers")).isEmpty();
        assertThatThrownBy(() -> config.require("bootstrap.servers", "--bootstrap-servers", "localhost:9092"))
                .isInstanceOf(SettingsException.class);
    }

    @Test
    void securitySettingsPassThroughUnchanged() throws IOException {
        Path file = properties("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "ssl.truststore.location=/etc/ts.jks\nbasic.auth.user.info=u:p\nnum.stream.threads=2\n");

        LayeredConfig config = LayeredConfig.resolve(file, Map.of(), Map.of());

        assertThat(config.asMap())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/ts.jks")
                .containsEntry("basic.auth.user.info", "u:p")
                .containsEntry("num.stream.threads", "2");
    }

    private Path properties(String text) throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, text);
        return file;
    }
}
