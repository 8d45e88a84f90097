package io.tokenshare.replay;

import static io.tokenshare.replay.ReplayTestFiles.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.TokenUsageEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventsJsonlReaderTest {

    private static final Instant EXAMPLE_TIME = Instant.parse("2026-02-09T13:45:12.345Z");

    private static List<JsonlLine> readMixedFile() {
        try (Stream<JsonlLine> lines = EventsJsonlReader.lines(ReplayTestFiles.resource("events-mixed.jsonl"))) {
            return lines.toList();
        }
    }

    private static TokenUsageEvent eventOnLine(List<JsonlLine> lines, long lineNumber) {
        JsonlLine line = lines.stream()
                .filter(l -> l.lineNumber() == lineNumber)
                .findFirst()
                .orElseThrow();
        assertThat(line).isInstanceOf(ParsedEvent.class);
        return ((ParsedEvent) line).event();
    }

    private static InvalidLine invalid(String text) {
        JsonlLine line = EventsJsonlReader.parse("t.jsonl", 7, text);
        assertThat(line).isInstanceOf(InvalidLine.class);
        return (InvalidLine) line;
    }

    @Test
    void yieldsEveryNonBlankLineInFileOrderWithItsNumber() {
        Path file = ReplayTestFiles.resource("events-mixed.jsonl");

        List<JsonlLine> lines = readMixedFile();

        assertThat(lines).extracting(JsonlLine::lineNumber).containsExactly(1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(lines).extracting(JsonlLine::file).containsOnly(file.toString());
        assertThat(lines)
                .extracting(line -> line.getClass().getSimpleName())
                .containsExactly(
                        "ParsedEvent",
                        "ParsedEvent",
                        "ParsedEvent",
                        "ParsedEvent",
                        "InvalidLine",
                        "InvalidLine",
                        "InvalidLine",
                        "ParsedEvent");
    }

    @Test
    void readsEveryFieldOfAFullEvent() {
        TokenUsageEvent expected = new TokenUsageEvent(
                "req-1",
                EXAMPLE_TIME,
                "deepseek/deepseek-v3.2",
                "DeepInfra",
                "cline",
                "programming",
                1200L,
                300L,
                1500L,
                1);

        assertThat(eventOnLine(readMixedFile(), 1)).isEqualTo(expected);
    }

    @Test
    void readsEpochMillisecondsAsTheSameInstantAsIsoText() {
        TokenUsageEvent event = eventOnLine(readMixedFile(), 2);

        assertThat(event.getOccurredAt()).isEqualTo(EXAMPLE_TIME);
        assertThat(event.getProvider()).isNull();
        assertThat(event.getInputTokens()).isNull();
        assertThat(event.getRequests()).isEqualTo(1);
    }

    @Test
    void treatsExplicitNullsLikeAbsentOptionalFields() {
        TokenUsageEvent expected =
                new TokenUsageEvent("req-3", null, "qwen/qwen3-coder", null, null, null, null, null, 7L, 1);

        assertThat(eventOnLine(readMixedFile(), 4)).isEqualTo(expected);
    }

    @Test
    void leavesSemanticChecksToTheAppAndIgnoresUnknownFields() {
        TokenUsageEvent event = eventOnLine(readMixedFile(), 5);

        assertThat(event.getOccurredAt()).isNull();
        assertThat(event.getTotalTokens()).isEqualTo(-5);
        assertThat(event.getRequests()).isEqualTo(3);
    }

    @Test
    void cutsTimestampsToWholeMilliseconds() {
        assertThat(eventOnLine(readMixedFile(), 9).getOccurredAt()).isEqualTo(EXAMPLE_TIME);
    }

    @Test
    void keepsTheRawTextOfInvalidLines() {
        JsonlLine line = readMixedFile().stream()
                .filter(l -> l.lineNumber() == 7)
                .findFirst()
                .orElseThrow();

        assertThat(line)
                .isEqualTo(new InvalidLine(
                        ReplayTestFiles.resource("events-mixed.jsonl").toString(),
                        7,
                        "{\"model_id\":\"anthropic/claude-sonnet-4.5\",\"total_tokens\":10}",
                        InvalidLine.Kind.MISSING_FIELD,
                        "missing required field 'event_id': every event needs event_id, model_id and total_tokens"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            textBlock =
                    """
            cut off                   | {"event_id":"e","model_id":"m", | malformed JSON at column
            not JSON at all           | event_id=e model_id=m           | malformed JSON at column 1
            trailing garbage          | {"event_id":"e","model_id":"m","total_tokens":1} x | malformed JSON
            a field twice             | {"event_id":"e","event_id":"f","model_id":"m","total_tokens":1} | Duplicate field 'event_id'
            """)
    void reportsMalformedJson(String caseName, String text, String reasonPart) {
        InvalidLine line = invalid(text);

        assertThat(line.kind()).isEqualTo(InvalidLine.Kind.MALFORMED_JSON);
        assertThat(line.reason()).startsWith("malformed JSON at column ").contains(reasonPart);
        assertThat(line.rawText()).isEqualTo(text);
        assertThat(line.lineNumber()).isEqualTo(7);
        assertThat(line.file()).isEqualTo("t.jsonl");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            textBlock =
                    """
            no event_id               | {"model_id":"m","total_tokens":1}                    | event_id
            no model_id               | {"event_id":"e","total_tokens":1}                    | model_id
            no total_tokens           | {"event_id":"e","model_id":"m"}                      | total_tokens
            null total_tokens         | {"event_id":"e","model_id":"m","total_tokens":null}  | total_tokens
            """)
    void reportsMissingRequiredFields(String caseName, String text, String field) {
        InvalidLine line = invalid(text);

        assertThat(line.kind()).isEqualTo(InvalidLine.Kind.MISSING_FIELD);
        assertThat(line.reason()).startsWith("missing required field '" + field + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            textBlock =
                    """
            tokens as text        | {"event_id":"e","model_id":"m","total_tokens":"12"}  | field 'total_tokens' is a string ("12"), expected a whole number
            fractional tokens     | {"event_id":"e","model_id":"m","total_tokens":1.5}   | field 'total_tokens' is a decimal number (1.5), expected a whole number
            tokens beyond 64 bits | {"event_id":"e","model_id":"m","total_tokens":99999999999999999999} | field 'total_tokens' is a whole number (99999999999999999999), expected a whole number within the 64-bit range
            numeric event id      | {"event_id":17,"model_id":"m","total_tokens":1}      | field 'event_id' is a whole number (17), expected a string
            provider as object    | {"event_id":"e","model_id":"m","provider":{},"total_tokens":1} | field 'provider' is a JSON object ({}), expected a string
            input as boolean      | {"event_id":"e","model_id":"m","input_tokens":true,"total_tokens":1} | field 'input_tokens' is a boolean (true), expected a whole number
            requests beyond int   | {"event_id":"e","model_id":"m","total_tokens":1,"requests":3000000000} | field 'requests' is a whole number (3000000000), expected a whole number within the 32-bit range
            time in words         | {"event_id":"e","occurred_at":"yesterday","model_id":"m","total_tokens":1} | field 'occurred_at' is a string ("yesterday"), expected an ISO-8601 UTC instant
            time without zone     | {"event_id":"e","occurred_at":"2026-02-09T13:45:12","model_id":"m","total_tokens":1} | field 'occurred_at' is a string ("2026-02-09T13:45:12"), expected an ISO-8601 UTC instant
            time as decimal       | {"event_id":"e","occurred_at":1.5,"model_id":"m","total_tokens":1} | field 'occurred_at' is a decimal number (1.5), expected
            an array, not object  | [1,2,3]                                              | the line is a JSON array ([1,2,3]), expected a JSON object
            a bare null           | null                                                 | the line is JSON null (null), expected a JSON object
            """)
    void reportsWrongTypes(String caseName, String text, String reasonPart) {
        InvalidLine line = invalid(text);

        assertThat(line.kind()).isEqualTo(InvalidLine.Kind.WRONG_TYPE);
        assertThat(line.reason()).startsWith(reasonPart);
    }

    @Test
    void skipsBlankLinesAndAByteOrderMark() {
        String content = "\uFEFF{\"event_id\":\"e\",\"model_id\":\"m\",\"total_tokens\":1}\n   \n\n";

        try (Stream<JsonlLine> lines = EventsJsonlReader.lines(text(content), "bom.jsonl")) {
            assertThat(lines.toList()).singleElement().isInstanceOf(ParsedEvent.class);
        }
    }

    @Test
    void stopsAtBytesThatAreNotUtf8NamingTheLine() {
        byte[] good = "{\"event_id\":\"e\",\"model_id\":\"m\",\"total_tokens\":1}\n{\"event_id\":\"caf"
                .getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[good.length + 1];
        System.arraycopy(good, 0, content, 0, good.length);
        content[good.length] = (byte) 0xE9;

        assertThatThrownBy(() -> {
                    try (Stream<JsonlLine> lines =
                            EventsJsonlReader.lines(new ByteArrayInputStream(content), "latin1.jsonl")) {
                        lines.forEach(line -> {});
                    }
                })
                .isInstanceOf(ReplayFileException.class)
                .hasMessageStartingWith("latin1.jsonl, line 2: the bytes are not valid UTF-8 text");
    }
}
