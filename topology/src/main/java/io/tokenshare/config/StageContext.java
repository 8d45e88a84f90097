package io.tokenshare.config;

import io.tokenshare.serde.AvroSerdes;
import java.time.Clock;
import java.util.Objects;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * What every stage of the topology is built from. Each stage's {@code build} takes this context, its inputs as
 * streams or handles, and returns its outputs as values: no stage finds another's output by a name.
 *
 * @param builder  the builder the stage adds its operators and stores to
 * @param settings tokenshare's own settings
 * @param serdes   the Avro serdes (the Confluent-wire serde and its registry)
 * @param clock    the wall clock, for "in the future" checks and computed_at stamps
 */
public record StageContext(StreamsBuilder builder, TokenshareSettings settings, AvroSerdes serdes, Clock clock) {

    public StageContext {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(serdes, "serdes");
        Objects.requireNonNull(clock, "clock");
    }
}
