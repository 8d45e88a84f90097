package io.tokenshare.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.avro.ShareRow;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Writes the exported results into a directory: {@value #BY_ORIGIN}, {@value #BY_LAB},
 * {@value #BY_MODEL}, {@value #BY_CATEGORY} ({@link ShareCsv}), {@value #ALERTS} (one alert per line)
 * and {@value #ACCOUNTING}, and with the dead letters {@value #DEAD_LETTERS} ({@link DeadLetterCsv}).
 * Existing files of those names are replaced; nothing else in the directory
 * is touched.
 */
public final class ResultFiles {

    public static final String BY_ORIGIN = "share-by-origin.csv";
    public static final String BY_LAB = "share-by-lab.csv";
    public static final String BY_MODEL = "share-by-model.csv";
    public static final String BY_CATEGORY = "share-by-category.csv";
    public static final String ALERTS = "alerts.jsonl";
    public static final String ACCOUNTING = "accounting.json";
    public static final String DEAD_LETTERS = "dead-letters.csv";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultFiles() {}

    /**
     * Writes the six files.
     *
     * @return the files written
     * @throws ExportException when the directory cannot be created or a file cannot be written
     */
    public static List<Path> write(
            Path directory, ShareResults shares, Collection<JsonNode> alerts, AccountingReport accounting) {
        createDirectory(directory);
        List<Path> written = new ArrayList<>();
        written.add(writeCsv(directory.resolve(BY_ORIGIN), shares.byOrigin()));
        written.add(writeCsv(directory.resolve(BY_LAB), shares.byLab()));
        written.add(writeCsv(directory.resolve(BY_MODEL), shares.byModel()));
        written.add(writeCsv(directory.resolve(BY_CATEGORY), shares.byCategory()));
        written.add(writeText(directory.resolve(ALERTS), out -> {
            for (JsonNode alert : alerts) {
                out.write(JSON.writeValueAsString(alert));
                out.write('\n');
            }
        }));
        written.add(writeText(directory.resolve(ACCOUNTING), out -> out.write(accounting.toJson())));
        return written;
    }

    /**
     * Writes the six files and {@value #DEAD_LETTERS}, which lists each dead letter with its reason,
     * detail and source: the accounting only counts them.
     *
     * @return the files written
     * @throws ExportException when the directory cannot be created or a file cannot be written
     */
    public static List<Path> write(
            Path directory,
            ShareResults shares,
            Collection<JsonNode> alerts,
            AccountingReport accounting,
            List<DeadLetter> deadLetters) {
        List<Path> written = new ArrayList<>(write(directory, shares, alerts, accounting));
        written.add(writeText(directory.resolve(DEAD_LETTERS), out -> DeadLetterCsv.write(deadLetters, out)));
        return written;
    }

    private static Path writeCsv(Path file, Collection<ShareRow> rows) {
        return writeText(file, out -> ShareCsv.write(rows, out));
    }

    private interface Content {
        void writeTo(Writer out) throws IOException;
    }

    private static Path writeText(Path file, Content content) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            content.writeTo(out);
            return file;
        } catch (IOException e) {
            throw new ExportException(
                    "cannot write " + file.toAbsolutePath() + ": " + e.getMessage()
                            + ". Choose a directory you can write to with --export / --out",
                    e);
        }
    }

    private static void createDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ExportException(
                    "cannot create the export directory " + directory.toAbsolutePath() + ": " + e.getMessage()
                            + ". Choose a directory you can write to",
                    e);
        }
    }
}
