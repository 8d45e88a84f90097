package io.tokenshare.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opening replay files as strict UTF-8 text: bad bytes are an error, never silently replaced.
 *
 * <p>The decoder replaces bad bytes with {@link #NOT_UTF8}, a Unicode noncharacter that text files do
 * not contain, and the parsers raise the error when they meet it: that way the error names the line,
 * which a decoder failing on a whole buffer at once could not.
 */
final class Utf8Text {

    static final char BYTE_ORDER_MARK = '\uFEFF';
    static final char NOT_UTF8 = '\uFFFF';

    private Utf8Text() {}

    static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open replay file " + file + ": " + e.getMessage(), e);
        }
    }

    static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)
                        .replaceWith(String.valueOf(NOT_UTF8))));
    }

    /** Turns a read failure at a known place in a file into an exception that names that place. */
    static UncheckedIOException readFailure(String file, long lineNumber, IOException e) {
        return new UncheckedIOException("Cannot read " + file + " at line " + lineNumber + ": " + e.getMessage(), e);
    }

    /** The error for text that contains {@link #NOT_UTF8}. */
    static ReplayFileException notUtf8(String file, long lineNumber, String textSoFar) {
        return new ReplayFileException(
                file,
                lineNumber,
                textSoFar.replace(NOT_UTF8, '?'),
                "the bytes are not valid UTF-8 text (shown as ?)",
                "a UTF-8 encoded text file (re-save it as UTF-8)");
    }

    static void closeQuietlyAfterFailure(AutoCloseable resource, Throwable failure) {
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
