package io.tokenshare.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real one-node Kafka cluster (KRaft, broker and controller in one process) running inside this
 * JVM on 127.0.0.1. It backs {@code tokenshare demo}, so the pipeline can run without any external
 * infrastructure, and the integration tests. Transactions (exactly-once) work on it: every internal
 * topic is sized for a single replica.
 *
 * <p>Start it with {@link #start()} or {@link #start(Settings)}; {@link #close()} stops the broker,
 * frees its ports and deletes its log directory if it was a temporary one.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPIC_POLL_INTERVAL = Duration.ofMillis(50);

    /**
     * How to start the broker.
     *
     * @param logDir           where the broker keeps its data; {@code null} for a temporary directory that
     *                         is deleted on close. A given directory is kept and reused on the next start.
     * @param port             the client listener's port on 127.0.0.1; 0 picks a free one
     * @param brokerProperties broker configuration overrides (e.g. {@code num.partitions}); the listener,
     *                         role and directory keys are managed by EmbeddedKafka and cannot be overridden
     */
    public record Settings(Path logDir, int port, Map<String, String> brokerProperties) {

        public Settings {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(
                        "Embedded Kafka port must be between 0 and 65535 (0 picks a free" + " port), got " + port);
            }
            brokerProperties = Map.copyOf(Objects.requireNonNullElse(brokerProperties, Map.of()));
        }

        /** A temporary log directory, a free port, no overrides. */
        public static Settings defaults() {
            return new Settings(null, 0, Map.of());
        }

        public Settings withLogDir(Path directory) {
            return new Settings(directory, port, brokerProperties);
        }

        public Settings withPort(int clientPort) {
            return new Settings(logDir, clientPort, brokerProperties);
        }

        public Settings withBrokerProperty(String key, String value) {
            Map<String, String> properties = new HashMap<>(brokerProperties);
            properties.put(key, value);
            return new Settings(logDir, port, properties);
        }
    }

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Duration startupTime;
    private final Path logDir;
    private final boolean logDirIsTemporary;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Admin admin;

    private EmbeddedKafka(
            KafkaRaftServer server,
            String bootstrapServers,
            Duration startupTime,
            Path logDir,
            boolean logDirIsTemporary) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.startupTime = startupTime;
        this.logDir = logDir;
        this.logDirIsTemporary = logDirIsTemporary;
    }

    /** Starts a broker on a free port with a temporary log directory. */
    public static EmbeddedKafka start() {
        return start(Settings.defaults());
    }

    /**
     * Starts a broker and returns once it accepts clients.
     *
     * @throws EmbeddedKafkaException if a port is taken, the log directory is unusable or the broker fails
     */
    public static EmbeddedKafka start(Settings settings) {
        long startNanos = System.nanoTime();
        int brokerPort =
                settings.port() == 0 ? LocalPorts.free() : LocalPorts.requireFree(settings.port(), "broker listener");
        int controllerPort = LocalPorts.freeOtherThan(brokerPort);
        boolean temporary = settings.logDir() == null;
        Path logDir = temporary ? createTemporaryLogDir() : createLogDir(settings.logDir());
        try {
            Properties properties =
                    BrokerProperties.forSingleNode(logDir, brokerPort, controllerPort, settings.brokerProperties());
            StorageFormat.formatIfNeeded(properties);
            KafkaRaftServer server = startServer(properties, brokerPort);
            Duration startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
            String bootstrapServers = LocalPorts.HOST + ":" + brokerPort;
            LOG.info(
                    "Embedded Kafka broker ready at {} in {} ms (log dir {})",
                    bootstrapServers,
                    startupTime.toMillis(),
                    logDir);
            return new EmbeddedKafka(server, bootstrapServers, startupTime, logDir, temporary);
        } catch (RuntimeException e) {
            if (temporary) {
                deleteDirectory(logDir);
            }
            throw e;
        }
    }

    private static KafkaRaftServer startServer(Properties properties, int brokerPort) {
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
        try {
            server.startup();
            return server;
        } catch (RuntimeException e) {
            stopAfterFailedStart(server, e);
            throw new EmbeddedKafkaException(
                    "The embedded Kafka broker failed to start on " + LocalPorts.HOST + ":"
                            + brokerPort + ": " + e.getMessage() + ". If a port is in use, stop the process holding it"
                            + " or choose another port (port 0 picks a free one).",
                    e);
        }
    }

    /** Host and port for clients' {@code bootstrap.servers}, e.g. {@code 127.0.0.1:40123}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Time from {@link #start} until the broker accepted clients. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The broker's data directory. */
    public Path logDir() {
        return logDir;
    }

    /** An admin client for this broker, created on first use and closed with the broker. */
    public synchronized Admin admin() {
        requireOpen();
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        }
        return admin;
    }

    /**
     * Creates the topics and returns once every partition has a leader. Topics that already exist are
     * left as they are, so calling this again is harmless.
     */
    public void createTopics(Collection<NewTopic> topics) {
        requireOpen();
        Map<String, KafkaFuture<Void>> creations = admin().createTopics(topics).values();
        creations.forEach(EmbeddedKafka::awaitCreatedOrExisting);
        Set<String> names = topics.stream().map(NewTopic::name).collect(Collectors.toSet());
        awaitLeaders(names);
        awaitServing(names);
    }

    /**
     * A leader in the metadata is not yet a leader that takes writes: an idempotent producer's first
     * batches to a topic created a moment ago were refused (NOT_LEADER_OR_FOLLOWER, then
     * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout). Offsets are listed by the partition's
     * leader itself, so once that answers for every partition, the topics take writes.
     */
    private void awaitServing(Set<String> topics) {
        long deadline = System.nanoTime() + TOPIC_READY_TIMEOUT.toNanos();
        while (!allServing(topics)) {
            if (System.nanoTime() > deadline) {
                throw new EmbeddedKafkaException("Topics " + topics + " have leaders but do not serve after "
                        + TOPIC_READY_TIMEOUT + "; the embedded broker is not healthy, see its log.");
            }
            pause(TOPIC_POLL_INTERVAL);
        }
    }

    private boolean allServing(Set<String> topics) {
        try {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new java.util.HashMap<>();
            admin().describeTopics(topics)
                    .allTopicNames()
                    .get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .values()
                    .forEach(d -> d.partitions()
                            .forEach(p -> latest.put(
                                    new org.apache.kafka.common.TopicPartition(d.name(), p.partition()),
                                    org.apache.kafka.clients.admin.OffsetSpec.latest())));
            admin().listOffsets(latest).all().get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while waiting for topics " + topics, e);
        }
    }

    private static void awaitCreatedOrExisting(String topic, KafkaFuture<Void> creation) {
        try {
            creation.get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new EmbeddedKafkaException(
                        "Could not create topic '" + topic + "': "
                                + e.getCause().getMessage(),
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw new EmbeddedKafkaException("Topic '" + topic + "' was not created within " + TOPIC_READY_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while creating topic '" + topic + "'", e);
        }
    }

    /** The controller acknowledges a creation before the broker's metadata has caught up: wait for that too. */
    private void awaitLeaders(Set<String> topics) {
        long deadline = System.nanoTime() + TOPIC_READY_TIMEOUT.toNanos();
        while (!allHaveLeaders(topics)) {
            if (System.nanoTime() > deadline) {
                throw new EmbeddedKafkaException("Topics " + topics + " have no leader after " + TOPIC_READY_TIMEOUT
                        + "; the embedded broker is not healthy, see its log.");
            }
            pause(TOPIC_POLL_INTERVAL);
        }
    }

    private boolean allHaveLeaders(Set<String> topics) {
        try {
            Collection<TopicDescription> descriptions = admin().describeTopics(topics)
                    .allTopicNames()
                    .get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .values();
            return descriptions.stream().flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new EmbeddedKafkaException(
                    "Could not describe topics " + topics + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EmbeddedKafkaException(
                    "Describing topics " + topics + " timed out after " + TOPIC_READY_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while waiting for topics " + topics, e);
        }
    }

    private static void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while waiting for the embedded broker", e);
        }
    }

    /** Stops the broker, waits until it has let go of its ports and deletes a temporary log directory. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(10));
            }
        }
        stop(server);
        if (logDirIsTemporary) {
            deleteDirectory(logDir);
        }
        LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers);
    }

    private static void stopAfterFailedStart(KafkaRaftServer server, RuntimeException startFailure) {
        try {
            stop(server);
        } catch (RuntimeException stopFailure) {
            startFailure.addSuppressed(stopFailure);
        }
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The embedded Kafka broker at " + bootstrapServers + " is closed");
        }
    }

    private static Path createTemporaryLogDir() {
        try {
            return Files.createTempDirectory("tokenshare-kafka-");
        } catch (IOException e) {
            throw new EmbeddedKafkaException(
                    "Cannot create a temporary log directory for the embedded broker under "
                            + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(),
                    e);
        }
    }

    private static Path createLogDir(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new EmbeddedKafkaException(
                    "Cannot create the embedded broker's log directory " + directory + ": " + e.getMessage()
                            + ". Choose a writable directory.",
                    e);
        }
    }

    private static void deleteDirectory(Path directory) {
        try {
            Utils.delete(directory.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete the embedded broker's log directory {}: {}", directory, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers + ", logDir=" + logDir + "]";
    }
}
