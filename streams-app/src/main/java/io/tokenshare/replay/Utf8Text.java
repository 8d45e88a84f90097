package io.tokenshare.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening replay files as strict UTF-8 text: bad bytes are an error, never silently replaced. */
final class Utf8Text {

    static final char BYTE_ORDER_MARK = '\uFEFF';

    private Utf8Text() {
    }

    static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open replay file " + file + ": " + e.getMessage(), e);
        }
    }

    static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** Turns a read failure at a known place in a file into an exception that names that place. */
    static RuntimeException readFailure(String file, long lineNumber, IOException e) {
        if (e instanceof CharacterCodingException) {
            return new ReplayFileException(file, lineNumber, "", "the bytes are not valid UTF-8 text",
                    "a UTF-8 encoded text file (re-save it as UTF-8)", e);
        }
        return new UncheckedIOException("Cannot read " + file + " at line " + lineNumber + ": " + e.getMessage(), e);
    }

    static void closeQuietlyAfterFailure(AutoCloseable resource, Throwable failure) {
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
