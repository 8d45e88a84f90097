package io.tokenshare.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Parses a folder of .avsc files that refer to each other's named types with one Schema.Parser. The
 * dependency order is found rather than listed, so a new file needs no edit here: a file whose types are
 * not defined yet is retried after the others (a failed parse leaves the parser's names untouched).
 */
final class AvscFiles {

    private AvscFiles() {}

    /** Each file's top-level schema by full name. */
    static Map<String, Schema> parseFolder(Path folder) {
        List<Path> pending = avscFilesIn(folder);
        if (pending.isEmpty()) {
            throw new IllegalStateException("No .avsc file in " + folder.toAbsolutePath());
        }
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> parsed = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            List<Path> retry = new ArrayList<>();
            Map<Path, RuntimeException> failures = new LinkedHashMap<>();
            for (Path file : pending) {
                try {
                    Schema schema = parser.parse(file.toFile());
                    parsed.put(schema.getFullName(), schema);
                } catch (SchemaParseException | org.apache.avro.AvroTypeException e) {
                    retry.add(file);
                    failures.put(file, e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (retry.size() == pending.size()) {
                throw new IllegalStateException("Cannot parse " + failures.keySet() + ": " + failures.values()
                        + " (a type that no .avsc file in " + folder + " defines, or a cycle between files?)");
            }
            pending = retry;
        }
        return parsed;
    }

    private static List<Path> avscFilesIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".avsc"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder.toAbsolutePath(), e);
        }
    }
}
