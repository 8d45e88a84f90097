package io.tokenshare;

import io.tokenshare.alert.AlertRules;
import io.tokenshare.alert.AlertStage;
import io.tokenshare.attribution.AttributionStage;
import io.tokenshare.attribution.OriginTable;
import io.tokenshare.avro.ShareAlert;
import io.tokenshare.avro.WeekDistribution;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.config.StageContext;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.ingest.IngestAccounting;
import io.tokenshare.ingest.IngestStage;
import io.tokenshare.serde.AvroSerdes;
import io.tokenshare.share.ShareStage;
import io.tokenshare.window.WindowStage;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The whole pipeline: ingest (with per-partition (model, week) partials) → merge per (model, ISO week) →
 * attribution → shares → alerts. Each stage is a small builder taking a {@link StageContext} and its inputs and
 * returning its outputs, so that a test can drive one stage alone.
 */
public final class TokenshareTopology {

    private TokenshareTopology() {}

    /**
     * What the topology is built from.
     *
     * @param settings   tokenshare's own settings
     * @param serdes     the Avro serdes (the Confluent-wire serde and its registry)
     * @param accounting counts every record read by its fate
     * @param clock      the wall clock, for "in the future" checks and computed_at stamps
     * @param alertRules the rules the alert stage evaluates
     */
    public record Parts(
            TokenshareSettings settings,
            AvroSerdes serdes,
            IngestAccounting accounting,
            Clock clock,
            AlertRules alertRules) {

        /** Parts with the alert rules the settings name (the shipped defaults when they name none). */
        public Parts(TokenshareSettings settings, AvroSerdes serdes, IngestAccounting accounting, Clock clock) {
            this(
                    settings,
                    serdes,
                    accounting,
                    clock,
                    settings.alertRules().isEmpty()
                            ? AlertRules.defaults()
                            : AlertRules.load(java.nio.file.Path.of(settings.alertRules())));
        }
    }

    /** Builds the topology; {@code streamsProperties} are the Kafka Streams settings it will run with. */
    public static Topology build(Parts parts, Properties streamsProperties) {
        StreamsBuilder builder = new StreamsBuilder();
        compose(builder, parts);
        return builder.build(streamsProperties);
    }

    /**
     * Adds every stage to the builder and returns the alerts: what another Kafka Streams application calls to
     * carry the whole pipeline. Each stage takes the same context and hands its outputs on as values.
     */
    public static KStream<String, ShareAlert> compose(StreamsBuilder builder, Parts parts) {
        StageContext context = new StageContext(builder, parts.settings(), parts.serdes(), parts.clock());
        IngestStage.Output ingest = IngestStage.build(context, parts.accounting());
        KStream<String, ModelWeekUsage> usage = WindowStage.build(context, ingest.partials());
        OriginTable origins = AttributionStage.build(context);
        KStream<String, WeekDistribution> distributions = ShareStage.build(context, usage, ingest.progress(), origins);
        return AlertStage.build(context, parts.alertRules(), distributions);
    }
}
