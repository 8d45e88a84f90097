package io.tokenshare;

import io.tokenshare.attribution.AttributionStage;
import io.tokenshare.avro.WeekDistribution;
import io.tokenshare.avro.internal.AttributedModelWeek;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.config.AvroSerdes;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.ingest.IngestAccounting;
import io.tokenshare.ingest.IngestStage;
import io.tokenshare.share.ShareStage;
import io.tokenshare.window.WindowStage;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Windowed;

/**
 * The whole pipeline: ingest → ISO-week windows → attribution → shares. Each stage is a small
 * builder taking its input and returning its output, so that a test can drive one stage alone.
 */
public final class TokenshareTopology {

    private TokenshareTopology() {
    }

    /**
     * What the topology is built from.
     *
     * @param settings   tokenshare's own settings
     * @param serdes     the Avro serdes (the Confluent-wire serde and its registry)
     * @param accounting counts every record read by its fate
     * @param clock      the wall clock, for "in the future" checks and computed_at stamps
     */
    public record Parts(TokenshareSettings settings, AvroSerdes serdes, IngestAccounting accounting, Clock clock) {
    }

    /** Builds the topology; {@code streamsProperties} are the Kafka Streams settings it will run with. */
    public static Topology build(Parts parts, Properties streamsProperties) {
        StreamsBuilder builder = new StreamsBuilder();
        compose(builder, parts);
        return builder.build(streamsProperties);
    }

    /** Adds every stage to the builder and returns the distributions stream the alert stage reads. */
    public static KStream<String, WeekDistribution> compose(StreamsBuilder builder, Parts parts) {
        IngestStage.Output ingest = IngestStage.build(builder, parts.settings(), parts.serdes(), parts.accounting(), parts.clock());
        KTable<Windowed<String>, ModelWeekUsage> usage = WindowStage.build(parts.settings(), parts.serdes(), ingest.accepted());
        KTable<Windowed<String>, AttributedModelWeek> attributed =
                AttributionStage.build(builder, parts.settings(), parts.serdes(), usage);
        return ShareStage.build(builder, parts.settings(), parts.serdes(), attributed, ingest.progress(), parts.clock());
    }
}
