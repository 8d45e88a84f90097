package io.tokenshare.query;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Where each state store lives in the topology: its sub-topology, whose tasks hold the store's
 * partitions, and the topics that sub-topology reads, whose partitions name those tasks in the
 * cluster metadata. Read from the topology's description, so the query layer needs no knowledge of
 * how the stages are built.
 */
final class StoreLayout {

    private final Map<String, Integer> subtopologyOfStore = new HashMap<>();
    private final Map<Integer, Set<String>> sourceTopicsOfSubtopology = new HashMap<>();
    private final String applicationId;

    /**
     * @param description   the running topology's description
     * @param applicationId the application id, which prefixes internal topic names on the cluster
     */
    StoreLayout(TopologyDescription description, String applicationId) {
        this.applicationId = applicationId;
        for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
            Set<String> topics = new HashSet<>();
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> subtopologyOfStore.put(store, subtopology.id()));
                } else if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    topics.addAll(source.topicSet());
                }
            }
            sourceTopicsOfSubtopology.put(subtopology.id(), topics);
        }
    }

    /** Whether the topology has a store of that name. */
    boolean has(String store) {
        return subtopologyOfStore.containsKey(store);
    }

    /** The sub-topology whose tasks hold the store. */
    int subtopologyOf(String store) {
        Integer id = subtopologyOfStore.get(store);
        if (id == null) {
            throw new IllegalArgumentException("the topology has no store named " + store);
        }
        return id;
    }

    /** Whether records of {@code topic} (as named on the cluster) feed the tasks that hold the store. */
    boolean feeds(String store, String topic) {
        Set<String> sources = sourceTopicsOfSubtopology.get(subtopologyOf(store));
        return sources.contains(topic)
                || internalName(topic).filter(sources::contains).isPresent();
    }

    /** An internal topic's name as the description writes it: without the application id prefix. */
    private Optional<String> internalName(String topic) {
        String prefix = applicationId + "-";
        return topic.startsWith(prefix) ? Optional.of(topic.substring(prefix.length())) : Optional.empty();
    }
}
