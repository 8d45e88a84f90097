package io.tokenshare.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

    private static final Path LOG_DIR = Path.of("/tmp/kafka-logs-test");

    @Test
    void oneNodeIsBrokerAndControllerOnTheGivenPorts() {
        Properties properties = BrokerProperties.forSingleNode(LOG_DIR, 9092, 9093, Map.of());

        assertThat(properties.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(properties.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:9093");
        assertThat(properties.getProperty("listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(properties.getProperty("log.dirs"))
                .isEqualTo(LOG_DIR.toAbsolutePath().toString());
    }

    @Test
    void everyInternalTopicNeedsOnlyOneReplica() {
        Properties properties = BrokerProperties.forSingleNode(LOG_DIR, 9092, 9093, Map.of());

        assertThat(properties)
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1");
    }

    @Test
    void historicalDataIsKeptAndTopicsAreNeverCreatedByAccident() {
        Properties properties = BrokerProperties.forSingleNode(LOG_DIR, 9092, 9093, Map.of());

        assertThat(properties)
                .containsEntry("log.retention.ms", "-1")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void overridesWinOverDefaults() {
        Properties properties = BrokerProperties.forSingleNode(
                LOG_DIR, 9092, 9093, Map.of("log.retention.ms", "604800000", "num.partitions", "3"));

        assertThat(properties).containsEntry("log.retention.ms", "604800000").containsEntry("num.partitions", "3");
    }

    @Test
    void refusesToOverrideWhatItManages() {
        assertThatThrownBy(() -> BrokerProperties.forSingleNode(
                        LOG_DIR, 9092, 9093, Map.of("listeners", "PLAINTEXT://0.0.0.0:9092")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners")
                .hasMessageContaining("EmbeddedKafka.Settings");
    }

    @Test
    void settingsRejectAPortOutOfRange() {
        assertThatThrownBy(() -> EmbeddedKafka.Settings.defaults().withPort(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
    }
}
