package io.tokenshare.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tokenshare.avro.TokenUsageEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * Reads a JSON Lines file of usage events, one JSON object per line with the Avro field names of
 * {@link TokenUsageEvent}: {@code event_id}, {@code occurred_at}, {@code model_id}, {@code provider},
 * {@code app}, {@code category}, {@code input_tokens}, {@code output_tokens}, {@code total_tokens},
 * {@code requests}. File order is arrival order.
 *
 * <p>{@code occurred_at} is an ISO-8601 UTC instant ({@code 2026-02-09T13:45:12.345Z}) or epoch
 * milliseconds, cut to whole milliseconds as the schema stores them. Optional fields may be absent or
 * null; {@code requests} defaults to 1. Fields the schema does not know are ignored, so that files
 * written by newer gateways still load.
 *
 * <p>Every non-blank line yields a {@link JsonlLine}: a {@link ParsedEvent}, or an {@link InvalidLine}
 * when the line is malformed JSON, lacks {@code event_id}, {@code model_id} or {@code total_tokens}, or
 * has a value of the wrong type. A line without {@code occurred_at} is an event (the field is nullable)
 * which the app's validator dead-letters. Semantic rules such as non-negative tokens are the
 * validator's, not this reader's. Blank lines are skipped.
 */
public final class EventsJsonlReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final int MAX_DESCRIBED_CHARS = 60;

    private EventsJsonlReader() {}

    /** The lines of a JSON Lines file, read as the stream is consumed; close the stream to close the file. */
    public static Stream<JsonlLine> lines(Path file) {
        return lines(Utf8Text.open(file), file.toString());
    }

    /**
     * The lines of JSON Lines text read from {@code in}, which the returned stream closes.
     *
     * @param fileName how lines and error messages name the source
     */
    public static Stream<JsonlLine> lines(InputStream in, String fileName) {
        BufferedReader reader = Utf8Text.reader(in);
        return ClosingStreams.of(new NonBlankLines(reader, fileName), reader, fileName)
                .map(line -> parse(fileName, line.number(), line.text()));
    }

    /** Reads one line of text as an event, or says why it cannot be one. */
    public static JsonlLine parse(String fileName, long lineNumber, String text) {
        try {
            return new ParsedEvent(fileName, lineNumber, toEvent(JSON.readTree(text)));
        } catch (JsonProcessingException e) {
            String reason = String.format(
                    "malformed JSON at column %d: %s",
                    e.getLocation() == null ? 0 : e.getLocation().getColumnNr(), e.getOriginalMessage());
            return new InvalidLine(fileName, lineNumber, text, InvalidLine.Kind.MALFORMED_JSON, reason);
        } catch (LineProblem problem) {
            return new InvalidLine(fileName, lineNumber, text, problem.kind, problem.getMessage());
        }
    }

    private static TokenUsageEvent toEvent(JsonNode line) {
        if (!line.isObject()) {
            throw new LineProblem(
                    InvalidLine.Kind.WRONG_TYPE,
                    "the line is " + describe(line) + ", expected a JSON object with the event's fields");
        }
        String eventId = requiredText(line, "event_id");
        Instant occurredAt = optionalInstant(line, "occurred_at");
        String modelId = requiredText(line, "model_id");
        String provider = optionalText(line, "provider");
        String app = optionalText(line, "app");
        String category = optionalText(line, "category");
        Long inputTokens = optionalLong(line, "input_tokens");
        Long outputTokens = optionalLong(line, "output_tokens");
        long totalTokens = requiredLong(line, "total_tokens");
        Integer requests = optionalInt(line, "requests");
        return new TokenUsageEvent(
                eventId,
                occurredAt,
                modelId,
                provider,
                app,
                category,
                inputTokens,
                outputTokens,
                totalTokens,
                requests == null ? 1 : requests);
    }

    private static String requiredText(JsonNode line, String field) {
        return text(required(line, field), field);
    }

    private static String optionalText(JsonNode line, String field) {
        JsonNode value = optional(line, field);
        return value == null ? null : text(value, field);
    }

    private static String text(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw wrongType(field, value, "a string");
        }
        return value.textValue();
    }

    private static long requiredLong(JsonNode line, String field) {
        return wholeNumber(required(line, field), field);
    }

    private static Long optionalLong(JsonNode line, String field) {
        JsonNode value = optional(line, field);
        return value == null ? null : wholeNumber(value, field);
    }

    private static long wholeNumber(JsonNode value, String field) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, value, "a whole number within the 64-bit range, e.g. 1234");
        }
        return value.longValue();
    }

    private static Integer optionalInt(JsonNode line, String field) {
        JsonNode value = optional(line, field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(field, value, "a whole number within the 32-bit range, e.g. 1");
        }
        return value.intValue();
    }

    private static Instant optionalInstant(JsonNode line, String field) {
        JsonNode value = optional(line, field);
        if (value == null) {
            return null;
        }
        String expected = "an ISO-8601 UTC instant such as 2026-02-09T13:45:12.345Z, or epoch milliseconds";
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        if (!value.isTextual()) {
            throw wrongType(field, value, expected);
        }
        try {
            return Instant.parse(value.textValue()).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw wrongType(field, value, expected);
        }
    }

    private static JsonNode required(JsonNode line, String field) {
        JsonNode value = optional(line, field);
        if (value == null) {
            throw new LineProblem(
                    InvalidLine.Kind.MISSING_FIELD,
                    "missing required field '" + field + "': every event needs event_id, model_id and total_tokens");
        }
        return value;
    }

    /** The field's value, or null when it is absent or JSON null. */
    private static JsonNode optional(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static LineProblem wrongType(String field, JsonNode value, String expected) {
        return new LineProblem(
                InvalidLine.Kind.WRONG_TYPE, "field '" + field + "' is " + describe(value) + ", expected " + expected);
    }

    private static String describe(JsonNode value) {
        String json = value.toString();
        if (json.length() > MAX_DESCRIBED_CHARS) {
            json = json.substring(0, MAX_DESCRIBED_CHARS) + "…";
        }
        String type =
                switch (value.getNodeType()) {
                    case STRING -> "a string";
                    case NUMBER -> value.isIntegralNumber() ? "a whole number" : "a decimal number";
                    case BOOLEAN -> "a boolean";
                    case ARRAY -> "a JSON array";
                    case OBJECT -> "a JSON object";
                    case NULL -> "JSON null";
                    default -> "a " + value.getNodeType().name().toLowerCase(Locale.ROOT);
                };
        return type + " (" + json + ")";
    }

    /** Why a well-formed JSON line is not an event; caught in {@link #parse} and never escapes. */
    private static final class LineProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final InvalidLine.Kind kind;

        LineProblem(InvalidLine.Kind kind, String reason) {
            super(reason, null, false, false);
            this.kind = kind;
        }
    }

    private record NumberedLine(long number, String text) {}

    /** The file's non-blank lines with their one-based numbers; a leading byte order mark is dropped. */
    private static final class NonBlankLines implements Iterator<NumberedLine> {
        private final BufferedReader reader;
        private final String fileName;
        private long lineNumber;
        private NumberedLine next;

        NonBlankLines(BufferedReader reader, String fileName) {
            this.reader = reader;
            this.fileName = fileName;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                String text = readLine();
                if (text == null) {
                    return false;
                }
                if (lineNumber == 1 && !text.isEmpty() && text.charAt(0) == Utf8Text.BYTE_ORDER_MARK) {
                    text = text.substring(1);
                }
                if (text.indexOf(Utf8Text.NOT_UTF8) >= 0) {
                    throw Utf8Text.notUtf8(fileName, lineNumber, text);
                }
                if (!text.isBlank()) {
                    next = new NumberedLine(lineNumber, text);
                }
            }
            return true;
        }

        @Override
        public NumberedLine next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more lines in " + fileName);
            }
            NumberedLine line = next;
            next = null;
            return line;
        }

        private String readLine() {
            try {
                String text = reader.readLine();
                if (text != null) {
                    lineNumber++;
                }
                return text;
            } catch (IOException e) {
                throw Utf8Text.readFailure(fileName, lineNumber + 1, e);
            }
        }
    }
}
