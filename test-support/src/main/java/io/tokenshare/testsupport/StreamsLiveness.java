package io.tokenshare.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether a Kafka Streams instance survived what a test fed it. A live instance may be REBALANCING at any
 * moment (a follow-up or probing rebalance, a replaced thread), so reading its state once says nothing;
 * this waits until the state settles in RUNNING or in one a failed instance ends in.
 */
public final class StreamsLiveness {

    private static final Set<KafkaStreams.State> SETTLED = EnumSet.of(
            KafkaStreams.State.RUNNING,
            KafkaStreams.State.PENDING_ERROR,
            KafkaStreams.State.ERROR,
            KafkaStreams.State.PENDING_SHUTDOWN,
            KafkaStreams.State.NOT_RUNNING);

    private StreamsLiveness() {}

    /** The first settled state the instance shows within {@code patience}: RUNNING when it survived. */
    public static KafkaStreams.State settledState(KafkaStreams streams, Duration patience) {
        AtomicReference<KafkaStreams.State> seen = new AtomicReference<>();
        await().atMost(patience).until(() -> {
            seen.set(streams.state());
            return SETTLED.contains(seen.get());
        });
        return seen.get();
    }
}
