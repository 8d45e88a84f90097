package io.tokenshare.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.StreamsDefaults;
import io.tokenshare.TokenshareTopology;
import io.tokenshare.config.StoreNames;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.ingest.IngestAccounting;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.serde.SchemaRegistryAvroSerdes;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store layout read from tokenshare's real topology. */
class StoreLayoutTest {

    private static final String SCOPE = "store-layout-test";
    private static final String APPLICATION_ID = "tokenshare-test";

    private final StoreLayout layout = layoutOfTheRealTopology();

    private static StoreLayout layoutOfTheRealTopology() {
        Map<String, Object> config = Map.of(
                "bootstrap.servers",
                "127.0.0.1:9",
                "application.id",
                APPLICATION_ID,
                "schema.registry.url",
                "mock://" + SCOPE);
        TokenshareSettings settings = TokenshareSettings.fromProperties(config);
        IngestAccounting accounting = new IngestAccounting();
        Properties properties = StreamsDefaults.streamsProperties(config, settings, accounting);
        Topology topology = TokenshareTopology.build(
                new TokenshareTopology.Parts(
                        settings, new SchemaRegistryAvroSerdes(config), accounting, Clock.systemUTC()),
                properties);
        return new StoreLayout(topology.describe(), APPLICATION_ID);
    }

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void usageLivesWhereItsPartialsAreMergedAndSharesWhereWeeksAreRepartitioned() {
        assertThat(layout.feeds(StoreNames.MODEL_WEEK_USAGE, APPLICATION_ID + "-partials-by-model-repartition"))
                .isTrue();
        assertThat(layout.feeds(StoreNames.MODEL_WEEK_USAGE, "token-usage")).isFalse();
        assertThat(layout.feeds(StoreNames.MODEL_WEEK_USAGE, APPLICATION_ID + "-usage-by-week-repartition"))
                .isFalse();
        assertThat(layout.feeds(StoreNames.SHARE_ROWS, APPLICATION_ID + "-usage-by-week-repartition"))
                .isTrue();
        assertThat(layout.feeds(StoreNames.SHARE_ROWS, "token-usage")).isFalse();
        assertThat(layout.feeds(StoreNames.SHARE_ROWS, "other-app-usage-by-week-repartition"))
                .isFalse();
    }

    @Test
    void shareRowsAndWeekModelsShareTheirTasks() {
        assertThat(layout.subtopologyOf(StoreNames.SHARE_ROWS))
                .isEqualTo(layout.subtopologyOf(StoreNames.WEEK_MODELS))
                .isNotEqualTo(layout.subtopologyOf(StoreNames.MODEL_WEEK_USAGE));
    }

    @Test
    void knowsWhichStoresTheTopologyHas() {
        assertThat(layout.has(StoreNames.MODEL_WEEK_USAGE)).isTrue();
        assertThat(layout.has("no-such-store")).isFalse();
        assertThatThrownBy(() -> layout.subtopologyOf("no-such-store"))
                .hasMessageContaining("no store named no-such-store");
    }
}
