package io.tokenshare.replay;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.Origin;
import java.io.BufferedReader;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the model-origin table from CSV (RFC 4180: fields with commas or quotes are enclosed in double
 * quotes). The header starts with {@code author_slug,lab,origin,notes}; after those, any of
 * {@code open_weights}, {@code input_usd_per_mtok}, {@code output_usd_per_mtok} and {@code valid_from}
 * may follow, in any order, and the rows are read by the header's names. An {@code author_slug} may also
 * be a full model id ({@code author/model}), which the app prefers over its author's row. Empty optional
 * fields mean "unknown".
 *
 * <p>Strict: a wrong header, a wrong number of fields, an origin code outside
 * {@link #TABLE_ORIGINS}, a malformed price, flag or date, or a second row for the same key and
 * {@code valid_from} stops the read with a {@link ReplayFileException} naming the file and line.
 */
public final class OriginsCsvReader {

    /** The columns every origins file starts with, in this order. */
    public static final List<String> REQUIRED_COLUMNS = List.of("author_slug", "lab", "origin", "notes");
    /** Columns that may follow the required ones, in any order. */
    public static final List<String> OPTIONAL_COLUMNS =
            List.of("open_weights", "input_usd_per_mtok", "output_usd_per_mtok", "valid_from");
    /**
     * Origin codes a table row may carry. {@code UNKNOWN} is not one of them: the app gives it to
     * authors that have no row, so a row saying UNKNOWN would contradict itself.
     */
    public static final Set<Origin> TABLE_ORIGINS =
            EnumSet.of(Origin.CN, Origin.US, Origin.EU, Origin.OTHER, Origin.UNATTRIBUTED);

    private static final Pattern NO_WHITESPACE = Pattern.compile("\\S+");
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private OriginsCsvReader() {}

    /** The rows of an origins CSV file, read as the stream is consumed; close the stream to close the file. */
    public static Stream<OriginTableRow> rows(Path file) {
        return rows(Utf8Text.open(file), file.toString());
    }

    /**
     * The rows of origins CSV read from {@code in}, which the returned stream closes.
     *
     * @param fileName how error messages name the source
     * @throws ReplayFileException right away if the header is missing or wrong
     */
    public static Stream<OriginTableRow> rows(InputStream in, String fileName) {
        BufferedReader reader = Utf8Text.reader(in);
        try {
            CsvRecords records = new CsvRecords(reader, fileName);
            RowParser parser = new RowParser(fileName, columns(records, fileName));
            return ClosingStreams.of(records, reader, fileName).map(parser::parse);
        } catch (RuntimeException e) {
            Utf8Text.closeQuietlyAfterFailure(reader, e);
            throw e;
        }
    }

    /** Column name to field index, checked against the required and optional columns. */
    private static Map<String, Integer> columns(CsvRecords records, String fileName) {
        String expected = "a header starting " + String.join(",", REQUIRED_COLUMNS) + ", optionally followed by any of "
                + String.join(",", OPTIONAL_COLUMNS);
        if (!records.hasNext()) {
            throw new ReplayFileException(fileName, 1, "", "the file is empty", expected);
        }
        CsvRecord header = records.next();
        List<String> names = header.fields();
        if (names.size() < REQUIRED_COLUMNS.size()
                || !names.subList(0, REQUIRED_COLUMNS.size()).equals(REQUIRED_COLUMNS)) {
            throw new ReplayFileException(
                    fileName,
                    header.lineNumber(),
                    header.rawText(),
                    "the header does not start with the required columns",
                    expected);
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (i >= REQUIRED_COLUMNS.size() && !OPTIONAL_COLUMNS.contains(name)) {
                throw new ReplayFileException(fileName, header.lineNumber(), name, "unknown column", expected);
            }
            if (columns.putIfAbsent(name, i) != null) {
                throw new ReplayFileException(
                        fileName, header.lineNumber(), name, "the column appears twice", "each column once");
            }
        }
        return columns;
    }

    /** Turns records into rows by the header's column names, remembering keys to catch duplicates. */
    private static final class RowParser {
        private final String fileName;
        private final Map<String, Integer> columns;
        private final Map<String, Long> firstLineOfKey = new HashMap<>();

        RowParser(String fileName, Map<String, Integer> columns) {
            this.fileName = fileName;
            this.columns = columns;
        }

        OriginTableRow parse(CsvRecord record) {
            if (record.fields().size() != columns.size()) {
                throw new ReplayFileException(
                        fileName,
                        record.lineNumber(),
                        record.rawText(),
                        "the row has " + record.fields().size() + " fields but the header has " + columns.size(),
                        "one field per header column (enclose fields that contain commas in double quotes)");
            }
            String key = key(record);
            String lab = lab(record);
            Origin origin = origin(record);
            Boolean openWeights = openWeights(record);
            Double inputPrice = price(record, "input_usd_per_mtok");
            Double outputPrice = price(record, "output_usd_per_mtok");
            LocalDate validFrom = validFrom(record);
            String notes = emptyToNull(field(record, "notes"));
            checkFirstRowFor(key, validFrom, record);
            return new OriginTableRow(
                    key, new ModelOrigin(lab, origin, openWeights, inputPrice, outputPrice, validFrom, notes));
        }

        private String key(CsvRecord record) {
            String key = field(record, "author_slug");
            if (!NO_WHITESPACE.matcher(key).matches()) {
                throw new ReplayFileException(
                        fileName,
                        record.lineNumber(),
                        key,
                        "author_slug is empty or contains whitespace",
                        "an author slug such as deepseek, or a model id such as deepseek/deepseek-v3.2");
            }
            return key;
        }

        private String lab(CsvRecord record) {
            String lab = field(record, "lab");
            if (lab.isBlank()) {
                throw new ReplayFileException(
                        fileName,
                        record.lineNumber(),
                        record.rawText(),
                        "lab is empty",
                        "the lab's name, e.g. DeepSeek");
            }
            return lab;
        }

        private Origin origin(CsvRecord record) {
            String code = field(record, "origin");
            return TABLE_ORIGINS.stream()
                    .filter(origin -> origin.name().equals(code))
                    .findFirst()
                    .orElseThrow(() -> new ReplayFileException(
                            fileName,
                            record.lineNumber(),
                            code,
                            "unknown origin code",
                            "one of " + TABLE_ORIGINS.stream().map(Origin::name).collect(Collectors.joining(", "))
                                    + " (UNKNOWN is for authors without a row: leave the row out instead)"));
        }

        private Boolean openWeights(CsvRecord record) {
            String flag = optionalField(record, "open_weights");
            if (flag.isEmpty()) {
                return null;
            }
            if (!flag.equals("true") && !flag.equals("false")) {
                throw new ReplayFileException(
                        fileName,
                        record.lineNumber(),
                        flag,
                        "open_weights is not a flag",
                        "true, false, or an empty field when unknown");
            }
            return Boolean.valueOf(flag);
        }

        private Double price(CsvRecord record, String column) {
            String price = optionalField(record, column);
            if (price.isEmpty()) {
                return null;
            }
            if (!DECIMAL.matcher(price).matches()) {
                throw new ReplayFileException(
                        fileName,
                        record.lineNumber(),
                        price,
                        column + " is not a price",
                        "a non-negative decimal number of US dollars per million tokens such as 0.28, "
                                + "or an empty field when unknown");
            }
            return Double.valueOf(price);
        }

        private LocalDate validFrom(CsvRecord record) {
            String date = optionalField(record, "valid_from");
            if (date.isEmpty()) {
                return null;
            }
            String expected =
                    "a calendar date written yyyy-MM-dd such as 2026-01-31, or an empty field for " + "'since always'";
            try {
                if (ISO_DATE.matcher(date).matches()) {
                    return LocalDate.parse(date);
                }
            } catch (DateTimeException e) {
                throw new ReplayFileException(
                        fileName, record.lineNumber(), date, "valid_from is not a calendar date", expected, e);
            }
            throw new ReplayFileException(
                    fileName, record.lineNumber(), date, "valid_from is not written yyyy-MM-dd", expected);
        }

        private void checkFirstRowFor(String key, LocalDate validFrom, CsvRecord record) {
            String versionedKey = key + " valid_from " + (validFrom == null ? "(always)" : validFrom);
            Long firstLine = firstLineOfKey.putIfAbsent(versionedKey, record.lineNumber());
            if (firstLine != null) {
                throw new ReplayFileException(
                        fileName,
                        record.lineNumber(),
                        record.rawText(),
                        "a second row for " + versionedKey,
                        "one row per key and valid_from; the first one is on line " + firstLine);
            }
        }

        private String field(CsvRecord record, String column) {
            return record.fields().get(columns.get(column));
        }

        private String optionalField(CsvRecord record, String column) {
            Integer index = columns.get(column);
            return index == null ? "" : record.fields().get(index);
        }

        private static String emptyToNull(String text) {
            return text.isEmpty() ? null : text;
        }
    }
}
