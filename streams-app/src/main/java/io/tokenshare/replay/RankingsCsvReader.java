package io.tokenshare.replay;

import java.io.BufferedReader;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads OpenRouter's rankings-daily CSV ({@code date,model_permaslug,total_tokens}) strictly and
 * lazily: the header must be exactly that, and any line that is not a valid row stops the read with a
 * {@link ReplayFileException} naming the file, the line, the text and what was expected. Rows are read
 * one at a time, so the file's size does not matter.
 *
 * <p>For roll-up events use {@code rows(file).map(RankingsRow::toRollUp)}; for request-sized events
 * use {@code rows(file).flatMap(split::events)} with a {@link RequestSizedSplit}. Close the stream (try
 * with resources) to close the file.
 */
public final class RankingsCsvReader {

    /** The only header accepted. */
    public static final List<String> HEADER = List.of("date", "model_permaslug", "total_tokens");

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern NO_WHITESPACE = Pattern.compile("\\S+");

    private RankingsCsvReader() {}

    /** The rows of a rankings CSV file, read as the stream is consumed. */
    public static Stream<RankingsRow> rows(Path file) {
        return rows(Utf8Text.open(file), file.toString());
    }

    /**
     * The rows of a rankings CSV read from {@code in}, which the returned stream closes.
     *
     * @param fileName how error messages name the source
     * @throws ReplayFileException right away if the header is missing or wrong
     */
    public static Stream<RankingsRow> rows(InputStream in, String fileName) {
        BufferedReader reader = Utf8Text.reader(in);
        try {
            CsvRecords records = new CsvRecords(reader, fileName);
            checkHeader(records, fileName);
            return ClosingStreams.of(records, reader, fileName).map(record -> parse(record, fileName));
        } catch (RuntimeException e) {
            Utf8Text.closeQuietlyAfterFailure(reader, e);
            throw e;
        }
    }

    private static void checkHeader(CsvRecords records, String fileName) {
        String expected = "the header line " + String.join(",", HEADER);
        if (!records.hasNext()) {
            throw new ReplayFileException(fileName, 1, "", "the file is empty", expected);
        }
        CsvRecord header = records.next();
        if (!header.fields().equals(HEADER)) {
            throw new ReplayFileException(
                    fileName, header.lineNumber(), header.rawText(), "this is not the rankings-daily header", expected);
        }
    }

    private static RankingsRow parse(CsvRecord record, String fileName) {
        List<String> fields = record.fields();
        if (fields.size() != HEADER.size()) {
            throw new ReplayFileException(
                    fileName,
                    record.lineNumber(),
                    record.rawText(),
                    "the row has " + fields.size() + " fields",
                    "3 comma-separated fields: date,model_permaslug,total_tokens, e.g. 2025-01-01,openai/gpt-4o,123456");
        }
        return new RankingsRow(
                date(fields.get(0), record, fileName),
                permaslug(fields.get(1), record, fileName),
                totalTokens(fields.get(2), record, fileName));
    }

    private static LocalDate date(String text, CsvRecord record, String fileName) {
        String expected = "a calendar date written yyyy-MM-dd, e.g. 2025-01-31";
        if (!ISO_DATE.matcher(text).matches()) {
            throw new ReplayFileException(
                    fileName, record.lineNumber(), text, "date is not written yyyy-MM-dd", expected);
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw new ReplayFileException(
                    fileName, record.lineNumber(), text, "date is not a calendar date", expected, e);
        }
    }

    private static String permaslug(String text, CsvRecord record, String fileName) {
        if (!NO_WHITESPACE.matcher(text).matches()) {
            throw new ReplayFileException(
                    fileName,
                    record.lineNumber(),
                    text,
                    "model_permaslug is empty or contains whitespace",
                    "a model permaslug such as deepseek/deepseek-v3.2 or the bucket 'other'");
        }
        return text;
    }

    private static long totalTokens(String text, CsvRecord record, String fileName) {
        String expected = "a whole number of tokens from 0 to " + Long.MAX_VALUE + ", digits only, e.g. 123456";
        if (!DIGITS.matcher(text).matches()) {
            throw new ReplayFileException(
                    fileName, record.lineNumber(), text, "total_tokens is not a non-negative whole number", expected);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ReplayFileException(
                    fileName, record.lineNumber(), text, "total_tokens is too large", expected, e);
        }
    }
}
