package io.tokenshare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The processors that share a store must run in one task, or each task gets a store of its own and the week-share
 * processor never sees the progress the recorder wrote (weeks would never close). TopologyTestDriver runs every
 * sub-topology against one set of stores and cannot tell; the topology's description can.
 */
class ShareTaskLayoutTest {

    @Test
    void theProgressRecorderAndTheWeekShareProcessorShareOneSubTopology() {
        TopologyDescription description = TopologyDocs.describe();

        assertThat(description.subtopologies()).anySatisfy(sub -> assertThat(processorNames(sub))
                .contains("record-ingest-progress", "compute-week-shares"));
    }

    @Test
    void everyStoreBelongsToOneSubTopologyOnly() {
        TopologyDescription description = TopologyDocs.describe();

        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            Set<String> stores = storesOf(sub);
            for (TopologyDescription.Subtopology other : description.subtopologies()) {
                if (other != sub) {
                    assertThat(storesOf(other))
                            .as("stores of sub-topology %d also in %d", sub.id(), other.id())
                            .doesNotContainAnyElementsOf(stores);
                }
            }
        }
    }

    private static Set<String> processorNames(TopologyDescription.Subtopology sub) {
        return sub.nodes().stream().map(TopologyDescription.Node::name).collect(Collectors.toSet());
    }

    private static Set<String> storesOf(TopologyDescription.Subtopology sub) {
        return sub.nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Processor)
                .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream())
                .collect(Collectors.toSet());
    }
}
