package io.tokenshare.attribution;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.internal.OriginHistory;
import io.tokenshare.config.StageContext;
import io.tokenshare.config.StoreNames;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.serde.AvroSerdes;
import io.tokenshare.serde.TopicPinnedSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Stage 3: the model-origin table, as a global store of each key's row history on every instance.
 * The table is small (hundreds of rows) and every (model, week) needs it, so a global store answers
 * with a local read where two foreign-key joins cost six internal topics and four round trips through
 * the broker per changed aggregate. The share stage attributes each (model, week) with
 * {@link Attribution} as it arrives and re-attributes the weeks of any key whose row changes, so
 * history is still re-attributed without replaying a single event.
 */
public final class AttributionStage {

    private AttributionStage() {}

    /** Adds the global origin table and returns its handle, for the stages that attribute. */
    public static OriginTable build(StageContext context) {
        TokenshareSettings settings = context.settings();
        AvroSerdes serdes = context.serdes();
        context.builder()
                .addGlobalStore(
                        originHistories(settings, serdes),
                        settings.topics().modelOrigins(),
                        Consumed.with(Serdes.String(), serdes.forValues(ModelOrigin.class))
                                .withName("collect-origin-history"),
                        OriginHistoryUpdater::new);
        return new OriginTable(StoreNames.MODEL_ORIGIN_HISTORY);
    }

    // A global store is rebuilt from its source topic, so it has no changelog of its own; its values
    // are histories, not the topic's rows, so they get a subject of their own.
    private static StoreBuilder<KeyValueStore<String, OriginHistory>> originHistories(
            TokenshareSettings settings, AvroSerdes serdes) {
        String subjectTopic = settings.topics().prefix() + StoreNames.MODEL_ORIGIN_HISTORY;
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.MODEL_ORIGIN_HISTORY),
                        Serdes.String(),
                        TopicPinnedSerde.pin(subjectTopic, serdes.forValues(OriginHistory.class)))
                .withLoggingDisabled();
    }
}
