package io.tokenshare.app;

import io.tokenshare.StreamsDefaults;
import io.tokenshare.TokenshareTopology;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.ingest.IngestAccounting;
import io.tokenshare.query.ServedStreams;
import io.tokenshare.serde.SchemaRegistryAvroSerdes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running tokenshare instance: the topology on a {@link KafkaStreams} client, with the
 * configuration it was started from. Several instances with the same {@code application.id} form
 * one group and share the work.
 */
public final class TokenshareApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TokenshareApp.class);
    /** Each wipe repairs one store; more than this many broken stores is not the aftermath of one crash. */
    private static final int MAX_STORE_WIPES = 20;

    private final TokenshareSettings settings;
    private final IngestAccounting accounting;
    private final Topology topology;
    private final KafkaStreams streams;
    private final Properties streamsProperties;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CrashedStateSweep crashedState;

    private TokenshareApp(Map<String, ?> config, Clock clock) {
        this.accounting = new IngestAccounting();
        TokenshareSettings configured = TokenshareSettings.fromProperties(config);
        Properties properties = StreamsDefaults.streamsProperties(config, configured, accounting);
        this.settings = configured.tokenUsagePartitions() > 0
                ? configured
                : configured.withTokenUsagePartitions(TokenUsagePartitions.read(
                        properties, configured.topics().tokenUsage()));
        this.streamsProperties = StreamsDefaults.streamsProperties(config, settings, accounting);
        SchemaRegistryAvroSerdes serdes = new SchemaRegistryAvroSerdes(serdeConfig(config));
        this.topology = TokenshareTopology.build(
                new TokenshareTopology.Parts(settings, serdes, accounting, clock), streamsProperties);
        this.streams = new KafkaStreams(topology, streamsProperties);
        this.crashedState = CrashedStateSweep.of(streamsProperties);
        streams.setUncaughtExceptionHandler(new StreamThreadFailurePolicy(System::nanoTime));
        streams.setStateListener((now, before) -> {
            LOG.info("tokenshare state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
    }

    /**
     * Builds the topology from the configuration (tokenshare.*, Kafka Streams and client keys, schema.registry.*) and starts it.
     * A local store that RocksDB refuses to open (left half-created by a {@code kill -9}) is wiped and the
     * start retried, so that its task is restored from the changelogs instead of the instance exiting.
     */
    public static TokenshareApp start(Map<String, ?> config) {
        for (int attempt = 1; ; attempt++) {
            TokenshareApp app = new TokenshareApp(config, Clock.systemUTC());
            try {
                List<Path> wiped = app.crashedState.beforeStart();
                if (!wiped.isEmpty()) {
                    LOG.warn(
                            "The last run in this state directory did not close cleanly; under exactly-once its"
                                    + " stores cannot be trusted: wiped {} task directories, restored from their"
                                    + " changelogs",
                            wiped.size());
                }
                app.streams.start();
                return app;
            } catch (ProcessorStateException e) {
                Optional<StreamThreadFailurePolicy.UnopenableStore> store =
                        StreamThreadFailurePolicy.unopenableStore(e);
                app.streams.close(Duration.ofSeconds(30));
                if (store.isEmpty() || attempt >= MAX_STORE_WIPES) {
                    throw e;
                }
                StreamThreadFailurePolicy.wipe(store.get());
                LOG.warn(
                        "Local store {} could not be opened ({}); wiped {} and its task's checkpoint, starting again:"
                                + " the task's state is restored from its changelogs",
                        store.get().name(),
                        StreamThreadFailurePolicy.rootMessage(e),
                        store.get().directory());
            }
        }
    }

    /** What the HTTP query layer serves of this app. */
    public ServedStreams served() {
        return new ServedStreams(
                streams(), topology(), streamsProperties(), settings().topNLabel(), accounting());
    }

    /** Waits until the instance is RUNNING (all its tasks restored and assigned). */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public TokenshareSettings settings() {
        return settings;
    }

    public IngestAccounting accounting() {
        return accounting;
    }

    public Topology topology() {
        return topology;
    }

    public Properties streamsProperties() {
        return streamsProperties;
    }

    private static Map<String, Object> serdeConfig(Map<String, ?> config) {
        Map<String, Object> serde = new HashMap<>();
        config.forEach((k, v) -> {
            if (v != null
                    && (k.startsWith("schema.registry.")
                            || k.startsWith("basic.auth.")
                            || k.equals("auto.register.schemas")
                            || k.equals("use.latest.version"))) {
                serde.put(k, v);
            }
        });
        return serde;
    }

    @Override
    public void close() {
        if (streams.close(Duration.ofSeconds(30))) {
            crashedState.afterCleanClose();
        }
    }
}
