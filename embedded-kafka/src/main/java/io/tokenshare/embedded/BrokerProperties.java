package io.tokenshare.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configuration of a one-node KRaft cluster whose single process is both broker and controller.
 * Everything that would need a second replica (internal topics, transactions) is scaled down to one,
 * and historical event timestamps are never a reason to delete data.
 */
final class BrokerProperties {

    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;

    /** Keys that follow from the ports and directory EmbeddedKafka manages; overriding them would break it. */
    static final Set<String> MANAGED_KEYS = Set.of(
            "process.roles",
            "node.id",
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "controller.listener.names",
            "controller.quorum.voters",
            "controller.quorum.bootstrap.servers",
            "inter.broker.listener.name",
            "log.dir",
            "log.dirs",
            "metadata.log.dir");

    private BrokerProperties() {}

    static Properties forSingleNode(Path logDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
        rejectManagedKeys(overrides);
        Map<String, String> config = new TreeMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", Integer.toString(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@" + LocalPorts.HOST + ":" + controllerPort);
        config.put(
                "listeners",
                BROKER_LISTENER + "://" + LocalPorts.HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://"
                        + LocalPorts.HOST + ":" + controllerPort);
        config.put("advertised.listeners", BROKER_LISTENER + "://" + LocalPorts.HOST + ":" + brokerPort);
        config.put(
                "listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("inter.broker.listener.name", BROKER_LISTENER);
        config.put("log.dirs", logDir.toAbsolutePath().toString());
        putSingleReplicaInternalTopics(config);
        // Replayed usage data carries timestamps months in the past: time-based retention would delete it.
        config.put("log.retention.ms", "-1");
        config.put("auto.create.topics.enable", "false");
        config.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's default 128 MiB de-duplication buffer is refilled on every pass: on two cores
        // that alone took a sixth of a demo's samples. A single node's compacted topics are small.
        config.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        config.putAll(overrides);
        Properties properties = new Properties();
        properties.putAll(config);
        return properties;
    }

    private static void putSingleReplicaInternalTopics(Map<String, String> config) {
        config.put("offsets.topic.replication.factor", "1");
        // Fewer coordinator partitions than the default 50: the first consumer group or transaction
        // otherwise waits for 50 partition loads on a machine with two cores.
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "5");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
    }

    private static void rejectManagedKeys(Map<String, String> overrides) {
        for (String key : overrides.keySet()) {
            if (MANAGED_KEYS.contains(key)) {
                throw new IllegalArgumentException("Broker property '" + key + "' is set by EmbeddedKafka itself"
                        + " from its port and log directory; set those through EmbeddedKafka.Settings instead.");
            }
        }
    }
}
