package io.tokenshare;

import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.ingest.IngestAccounting;
import io.tokenshare.serde.SchemaRegistryAvroSerdes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Generates {@code topology-docs/}: the topology's own description and a Mermaid diagram of it, from
 * the code with default settings. {@code TopologyDocsTest} fails when the committed files differ.
 */
public final class TopologyDocs {

    public static final String DESCRIPTION_FILE = "topology.txt";
    public static final String DIAGRAM_FILE = "topology.md";

    private TopologyDocs() {}

    /** Writes both files into the given directory (default {@code topology-docs}). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "topology-docs");
        Files.createDirectories(dir);
        TopologyDescription description = describe();
        Files.writeString(dir.resolve(DESCRIPTION_FILE), descriptionText(description), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(DIAGRAM_FILE), diagram(description), StandardCharsets.UTF_8);
    }

    /** The topology as built with default settings. */
    public static TopologyDescription describe() {
        TokenshareSettings settings = TokenshareSettings.defaultSettings();
        IngestAccounting accounting = new IngestAccounting();
        Map<String, Object> registry = Map.of("schema.registry.url", "mock://topology-docs");
        Properties props = StreamsDefaults.streamsProperties(
                Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "docs:9092"), settings, accounting);
        Topology topology = TokenshareTopology.build(
                new TokenshareTopology.Parts(
                        settings, new SchemaRegistryAvroSerdes(registry), accounting, Clock.systemUTC()),
                props);
        return topology.describe();
    }

    public static String descriptionText(TopologyDescription description) {
        return "# Generated from the code by io.tokenshare.TopologyDocs; do not edit.\n" + description + "\n";
    }

    /** A Mermaid flowchart: one box per sub-topology, topics as stadiums, stores as cylinders. */
    public static String diagram(TopologyDescription description) {
        StringBuilder md = new StringBuilder();
        md.append("# tokenshare topology\n\nGenerated from the code by `io.tokenshare.TopologyDocs`; do not edit. ")
                .append("The full text is in [")
                .append(DESCRIPTION_FILE)
                .append("](")
                .append(DESCRIPTION_FILE)
                .append(").\n\n");
        md.append("```mermaid\nflowchart LR\n");
        TreeSet<String> topics = new TreeSet<>();
        TreeSet<String> stores = new TreeSet<>();
        StringBuilder edges = new StringBuilder();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            md.append("  subgraph sub")
                    .append(sub.id())
                    .append("[\"sub-topology ")
                    .append(sub.id())
                    .append("\"]\n");
            for (TopologyDescription.Node node : sub.nodes()) {
                md.append("    ")
                        .append(id(node.name()))
                        .append("[\"")
                        .append(node.name())
                        .append("\"]\n");
                for (TopologyDescription.Node next : node.successors()) {
                    edges.append("  ")
                            .append(id(node.name()))
                            .append(" --> ")
                            .append(id(next.name()))
                            .append('\n');
                }
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().forEach(t -> {
                        topics.add(t);
                        edges.append("  ")
                                .append(topicId(t))
                                .append(" --> ")
                                .append(id(node.name()))
                                .append('\n');
                    });
                }
                if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    topics.add(sink.topic());
                    edges.append("  ")
                            .append(id(node.name()))
                            .append(" --> ")
                            .append(topicId(sink.topic()))
                            .append('\n');
                }
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(s -> {
                        stores.add(s);
                        edges.append("  ")
                                .append(id(node.name()))
                                .append(" -.- ")
                                .append(storeId(s))
                                .append('\n');
                    });
                }
            }
            md.append("  end\n");
        }
        topics.forEach(
                t -> md.append("  ").append(topicId(t)).append("([\"").append(t).append("\"])\n"));
        stores.forEach(
                s -> md.append("  ").append(storeId(s)).append("[(\"").append(s).append("\")]\n"));
        md.append(edges).append("```\n");
        return md.toString();
    }

    private static String id(String name) {
        return "n_" + name.replaceAll("[^A-Za-z0-9]", "_");
    }

    private static String topicId(String topic) {
        return "t_" + topic.replaceAll("[^A-Za-z0-9]", "_");
    }

    private static String storeId(String store) {
        return "s_" + store.replaceAll("[^A-Za-z0-9]", "_");
    }
}
