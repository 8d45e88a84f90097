package io.tokenshare.query;

import io.tokenshare.config.StoreNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Liveness and readiness. Live while Kafka Streams has not failed or stopped; ready only while it is
 * RUNNING and every partition of the queried stores held here answers a probe read.
 */
final class HealthChecks {

    /** The stores the API reads; the alert store only where the topology has one. */
    static final List<String> QUERIED_STORES = List.of(
            StoreNames.MODEL_WEEK_USAGE,
            StoreNames.SHARE_ROWS,
            StoreNames.WEEK_MODELS,
            StoreNames.WEEK_STATUS,
            StoreNames.SHARE_ALERTS);

    private static final Set<KafkaStreams.State> DEAD = EnumSet.of(
            KafkaStreams.State.PENDING_ERROR,
            KafkaStreams.State.ERROR,
            KafkaStreams.State.PENDING_SHUTDOWN,
            KafkaStreams.State.NOT_RUNNING);
    // A key no store holds: the probe asks the store to answer, not to find anything.
    private static final String PROBE_KEY = "";

    /**
     * A health verdict.
     *
     * @param status       UP or DOWN (liveness), READY or NOT_READY (readiness)
     * @param instance     this instance, host:port
     * @param streamsState the Kafka Streams state
     * @param problems     why not UP or READY; empty when healthy
     */
    record Health(String status, String instance, String streamsState, List<String> problems) {

        boolean healthy() {
            return problems.isEmpty();
        }
    }

    private final KafkaStreams streams;
    private final StreamsCluster cluster;

    HealthChecks(KafkaStreams streams, StreamsCluster cluster) {
        this.streams = streams;
        this.cluster = cluster;
    }

    Health live() {
        KafkaStreams.State state = streams.state();
        List<String> problems = DEAD.contains(state)
                ? List.of("Kafka Streams is " + state + ": it processes nothing more until the instance restarts")
                : List.of();
        return health(problems.isEmpty() ? "UP" : "DOWN", state, problems);
    }

    Health ready() {
        KafkaStreams.State state = streams.state();
        List<String> problems = new ArrayList<>();
        if (state != KafkaStreams.State.RUNNING) {
            problems.add("Kafka Streams is " + state + ", not RUNNING");
        } else {
            QUERIED_STORES.stream().filter(cluster::hasStore).forEach(store -> probe(store, problems));
        }
        return health(problems.isEmpty() ? "READY" : "NOT_READY", state, problems);
    }

    private void probe(String store, List<String> problems) {
        for (Map.Entry<Integer, StoreRole> partition :
                cluster.localPartitions(store).entrySet()) {
            PartitionReader reader = new PartitionReader(streams, partition.getKey(), partition.getValue());
            try {
                if (store.equals(StoreNames.MODEL_WEEK_USAGE)) {
                    reader.windows(store, PROBE_KEY, Instant.EPOCH, Instant.EPOCH);
                } else {
                    reader.get(store, PROBE_KEY);
                }
            } catch (PartitionUnavailableException e) {
                problems.add(partition.getValue() + " partition " + partition.getKey() + ": " + e.getMessage());
            }
        }
    }

    private Health health(String status, KafkaStreams.State state, List<String> problems) {
        return new Health(status, StreamsCluster.address(cluster.self()), state.name(), problems);
    }
}
