package io.tokenshare.attribution;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.internal.AttributedModelWeek;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.avro.internal.OriginHistory;
import io.tokenshare.config.AvroSerdes;
import io.tokenshare.config.StoreNames;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.window.IsoWeek;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 3: (model, week) aggregates × model-origins. Two foreign-key joins, by model id and then by
 * author, so that a new or corrected row for either re-emits every week of the models it covers:
 * history is re-attributed without replaying a single event.
 */
public final class AttributionStage {

    /** Store of weeks attributed by the model id's own row only (the first join). */
    public static final String ATTRIBUTED_BY_MODEL_ID = "model-week-attributed-by-model-id";
    /** Store of fully attributed model weeks. */
    public static final String ATTRIBUTED = "model-week-attributed";

    private AttributionStage() {
    }

    public static KTable<Windowed<String>, AttributedModelWeek> build(StreamsBuilder builder, TokenshareSettings settings,
                                                                      AvroSerdes serdes,
                                                                      KTable<Windowed<String>, ModelWeekUsage> usage) {
        KTable<String, OriginHistory> origins = originTable(builder, settings, serdes);
        Serde<Windowed<String>> weekKeySerde = new WindowedSerdes.TimeWindowedSerde<>(Serdes.String(), IsoWeek.LENGTH_MS);
        Serde<AttributedModelWeek> attributedSerde = serdes.forValues(AttributedModelWeek.class);

        KTable<Windowed<String>, AttributedModelWeek> byModelId = usage.leftJoin(origins,
                (Windowed<String> week, ModelWeekUsage u) -> week.key(),
                Attribution::byModelRow,
                TableJoined.as("attribute-by-model-id"),
                Materialized.<Windowed<String>, AttributedModelWeek, KeyValueStore<Bytes, byte[]>>as(ATTRIBUTED_BY_MODEL_ID)
                        .withKeySerde(weekKeySerde).withValueSerde(attributedSerde));
        return byModelId.leftJoin(origins,
                (Windowed<String> week, AttributedModelWeek a) -> Attribution.authorOf(week.key()),
                Attribution::byAuthorRow,
                TableJoined.as("attribute-by-author"),
                Materialized.<Windowed<String>, AttributedModelWeek, KeyValueStore<Bytes, byte[]>>as(ATTRIBUTED)
                        .withKeySerde(weekKeySerde).withValueSerde(attributedSerde));
    }

    /** The model-origins topic as a table of each key's row history. */
    static KTable<String, OriginHistory> originTable(StreamsBuilder builder, TokenshareSettings settings, AvroSerdes serdes) {
        Serde<ModelOrigin> rowSerde = serdes.forValues(ModelOrigin.class);
        return builder.stream(settings.topics().modelOrigins(), Consumed.with(Serdes.String(), rowSerde).withName("read-model-origins"))
                .mapValues(OriginHistories::markDeletion, Named.as("mark-origin-deletions"))
                .groupByKey(Grouped.with("model-origins-by-key", Serdes.String(), rowSerde))
                .aggregate(OriginHistories::empty, OriginHistories::merge, Named.as("collect-origin-history"),
                        Materialized.<String, OriginHistory, KeyValueStore<Bytes, byte[]>>as(StoreNames.MODEL_ORIGIN_HISTORY)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(serdes.forValues(OriginHistory.class)));
    }
}
