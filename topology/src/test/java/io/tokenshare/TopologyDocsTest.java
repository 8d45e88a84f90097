package io.tokenshare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code topology-docs/} must match the code. To regenerate after changing the topology:
 * {@code ./mvnw -B -q -pl topology -am test -Dtest=TopologyDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dtopology.docs.update=true}.
 */
class TopologyDocsTest {

    private static final Path DOCS = Path.of("..", "topology-docs");

    @Test
    void committedTopologyDocsMatchTheCode() throws IOException {
        TopologyDescription description = TopologyDocs.describe();
        String text = TopologyDocs.descriptionText(description);
        String diagram = TopologyDocs.diagram(description);
        if (Boolean.getBoolean("topology.docs.update")) {
            TopologyDocs.main(new String[] {DOCS.toString()});
        }
        Path generated = Path.of("target", "topology-docs");
        TopologyDocs.main(new String[] {generated.toString()});
        assertThat(read(DOCS.resolve(TopologyDocs.DESCRIPTION_FILE)))
                .as(
                        "topology-docs/topology.txt is stale: regenerate it (see TopologyDocsTest's Javadoc); the code's version is in "
                                + generated.toAbsolutePath())
                .isEqualTo(text);
        assertThat(read(DOCS.resolve(TopologyDocs.DIAGRAM_FILE)))
                .as("topology-docs/topology.md is stale: regenerate it (see TopologyDocsTest's Javadoc)")
                .isEqualTo(diagram);
    }

    @Test
    void everyProcessorAndStoreHasAnExplicitName() {
        String text = TopologyDocs.descriptionText(TopologyDocs.describe());
        assertThat(text).doesNotContainPattern("KSTREAM-|KTABLE-|KSTREAM_|-STATE-STORE-");
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(missing " + p + ")";
    }
}
