package io.tokenshare.replay;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Lazy, sequential streams over an open file that close the file when the stream is closed. */
final class ClosingStreams {

    private ClosingStreams() {}

    static <T> Stream<T> of(Iterator<T> items, Closeable file, String fileName) {
        Spliterator<T> spliterator =
                Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(() -> close(file, fileName));
    }

    private static void close(Closeable file, String fileName) {
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close " + fileName + ": " + e.getMessage(), e);
        }
    }
}
