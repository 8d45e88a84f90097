package io.tokenshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.config.RocksDbMemoryBound;
import io.tokenshare.config.SettingsException;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.ingest.IngestAccounting;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsDefaultsTest {

    private static final TokenshareSettings SETTINGS = TokenshareSettings.defaultSettings();

    @Test
    void boundsRocksDbMemoryUnlessTheUserChoosesAnotherSetter() {
        Properties defaults = StreamsDefaults.streamsProperties(Map.of(), SETTINGS, new IngestAccounting());
        assertThat(defaults.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(RocksDbMemoryBound.class.getName());
        assertThat(defaults.get(RocksDbMemoryBound.MEMORY_BOUND)).isEqualTo(128L << 20);

        Properties own = StreamsDefaults.streamsProperties(
                Map.of(
                        StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
                        "com.example.OwnSetter",
                        RocksDbMemoryBound.MEMORY_BOUND,
                        "1g"),
                SETTINGS,
                new IngestAccounting());
        assertThat(own.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo("com.example.OwnSetter");
        assertThat(own.get(RocksDbMemoryBound.MEMORY_BOUND)).isEqualTo(1L << 30);
    }

    @Test
    void aSilentMemberIsGivenUpOnWithinTenSecondsUnlessTheUserSaysOtherwise() {
        Properties defaults = StreamsDefaults.streamsProperties(Map.of(), SETTINGS, new IngestAccounting());
        assertThat(defaults.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo(10_000);
        assertThat(defaults.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)).isEqualTo(1_000);
        // The main consumer's effective settings: nothing of Kafka Streams' own overrides these.
        Properties withBroker = new Properties();
        withBroker.putAll(defaults);
        withBroker.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        Map<String, Object> consumer = new StreamsConfig(withBroker).getMainConsumerConfigs("g", "c", 0);
        assertThat(consumer.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo(10_000);

        Properties own = StreamsDefaults.streamsProperties(
                Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000"), SETTINGS, new IngestAccounting());
        assertThat(own.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo("45000");
    }

    @Test
    void aBadMemoryBoundIsRefusedBeforeTheAppStarts() {
        assertThatThrownBy(() -> StreamsDefaults.streamsProperties(
                        Map.of(RocksDbMemoryBound.MEMORY_BOUND, "a lot"), SETTINGS, new IngestAccounting()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining(RocksDbMemoryBound.MEMORY_BOUND)
                .hasMessageContaining("128m");
    }
}
