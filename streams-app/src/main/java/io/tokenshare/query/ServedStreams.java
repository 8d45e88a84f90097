package io.tokenshare.query;

import io.tokenshare.ingest.IngestAccounting;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * What the query layer serves: a running Kafka Streams client of the tokenshare topology. The app hands it over,
 * so that the query layer depends on Kafka Streams and the topology, never on the app that runs them.
 *
 * @param streams           the running client whose stores are read
 * @param topology          its topology, which says where each store lives
 * @param streamsProperties the properties it runs with ({@code application.id}, {@code application.server})
 * @param topNLabel         the label of the top-N basis this deployment computes, e.g. top9
 * @param accounting        the ingest accounting, exposed as metrics
 */
public record ServedStreams(
        KafkaStreams streams,
        Topology topology,
        Properties streamsProperties,
        String topNLabel,
        IngestAccounting accounting) {

    public ServedStreams {
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(streamsProperties, "streamsProperties");
        Objects.requireNonNull(topNLabel, "topNLabel");
        Objects.requireNonNull(accounting, "accounting");
    }
}
