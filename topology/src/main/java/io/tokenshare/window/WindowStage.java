package io.tokenshare.window;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.serde.AvroSerdes;
import io.tokenshare.config.StoreNames;
import io.tokenshare.config.TokenshareSettings;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Stage 2: accepted events → one aggregate per (model, ISO week). The only stage that sees every
 * event, so it aggregates in place before anything is repartitioned.
 */
public final class WindowStage {

    private WindowStage() {
    }

    public static KTable<Windowed<String>, ModelWeekUsage> build(TokenshareSettings settings, AvroSerdes serdes,
                                                                 KStream<String, TokenUsageEvent> accepted) {
        return accepted
                .groupByKey(Grouped.with("usage-by-model", Serdes.String(), serdes.forValues(TokenUsageEvent.class)))
                .windowedBy(IsoWeekWindows.withGrace(settings.grace()))
                .aggregate(ModelWeekUsages::empty, ModelWeekUsages::add, Named.as("aggregate-model-week"),
                        Materialized.<String, ModelWeekUsage, WindowStore<Bytes, byte[]>>as(StoreNames.MODEL_WEEK_USAGE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(serdes.forValues(ModelWeekUsage.class))
                                .withRetention(settings.usageRetention()));
    }
}
