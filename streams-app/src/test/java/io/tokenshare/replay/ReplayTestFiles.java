package io.tokenshare.replay;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Test input: text as a stream, and the files under src/test/resources/replay. */
final class ReplayTestFiles {

    private ReplayTestFiles() {}

    static InputStream text(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    static Path resource(String name) {
        try {
            return Path.of(ReplayTestFiles.class.getResource("/replay/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
