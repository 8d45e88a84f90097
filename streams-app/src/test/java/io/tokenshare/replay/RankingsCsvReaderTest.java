package io.tokenshare.replay;

import static io.tokenshare.replay.ReplayTestFiles.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.TokenUsageEvent;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RankingsCsvReaderTest {

    private static final String HEADER = "date,model_permaslug,total_tokens\n";

    /** The shipped file read the plainest way: lines split on commas, no code under test involved. */
    private static List<String[]> shippedLinesSplitPlainly() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(ShippedData.open(ShippedData.RANKINGS), StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                rows.add(line.split(","));
            }
        }
        return rows;
    }

    @Test
    void readsEveryRowOfTheShippedFile() {
        try (Stream<RankingsRow> rows = ShippedData.rankings()) {
            assertThat(rows.count()).isEqualTo(32_895);
        }
    }

    @Test
    void rollUpsAddUpPerDayToAnIndependentSumOfTheFile() throws IOException {
        Map<LocalDate, Long> expected = new TreeMap<>();
        for (String[] fields : shippedLinesSplitPlainly()) {
            expected.merge(LocalDate.parse(fields[0]), Long.parseLong(fields[2]), Long::sum);
        }

        Map<LocalDate, Long> actual;
        try (Stream<RankingsRow> rows = ShippedData.rankings()) {
            actual = rows.map(RankingsRow::toRollUp)
                    .collect(Collectors.groupingBy(
                            event -> LocalDate.ofInstant(event.getOccurredAt(), ZoneOffset.UTC),
                            TreeMap::new,
                            Collectors.summingLong(TokenUsageEvent::getTotalTokens)));
        }

        assertThat(actual).hasSize(645).isEqualTo(expected);
    }

    @Test
    void rollUpCarriesTheRowAsAnEventStampedAtNoonUtc() throws IOException {
        String[] first = shippedLinesSplitPlainly().get(0);

        TokenUsageEvent event;
        try (Stream<RankingsRow> rows = ShippedData.rankings()) {
            event = rows.findFirst().orElseThrow().toRollUp();
        }

        assertThat(event.getEventId()).isEqualTo("rankings:" + first[0] + ":" + first[1]);
        assertThat(event.getOccurredAt()).isEqualTo(Instant.parse(first[0] + "T12:00:00Z"));
        assertThat(event.getModelId()).isEqualTo(first[1]);
        assertThat(event.getTotalTokens()).isEqualTo(Long.parseLong(first[2]));
        assertThat(event.getRequests()).isEqualTo(1);
        assertThat(event.getInputTokens()).isNull();
        assertThat(event.getOutputTokens()).isNull();
        assertThat(event.getCategory()).isNull();
    }

    @Test
    void eventIdsAreUniqueAndTheSameOnASecondRead() {
        List<String> firstRead;
        List<String> secondRead;
        try (Stream<RankingsRow> rows = ShippedData.rankings()) {
            firstRead = rows.map(RankingsRow::eventId).toList();
        }
        try (Stream<RankingsRow> rows = ShippedData.rankings()) {
            secondRead = rows.map(RankingsRow::eventId).toList();
        }
        Set<String> distinct = new HashSet<>(firstRead);
        assertThat(distinct).hasSize(32_895);
        assertThat(secondRead).isEqualTo(firstRead);
    }

    @Test
    void acceptsCrLfLineEndsAByteOrderMarkAndTrailingEmptyLines() {
        String content = "\uFEFFdate,model_permaslug,total_tokens\r\n2025-01-06,qwen/qwen3-max,7\r\n\r\n\n";
        try (Stream<RankingsRow> rows = RankingsCsvReader.rows(text(content), "crlf.csv")) {
            assertThat(rows.toList()).containsExactly(new RankingsRow(LocalDate.of(2025, 1, 6), "qwen/qwen3-max", 7));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            empty file                  || 1 | the file is empty
            wrong header                | day,model,tokens\\n | 1 | this is not the rankings-daily header: "day,model,tokens"
            header in another order     | model_permaslug,date,total_tokens\\n | 1 | not the rankings-daily header
            too few fields              | HEADER2025-01-01,openai/gpt-4o\\n | 2 | the row has 2 fields: "2025-01-01,openai/gpt-4o"
            too many fields             | HEADER2025-01-01,openai/gpt-4o,5,6\\n | 2 | the row has 4 fields
            impossible date             | HEADER2025-02-30,openai/gpt-4o,5\\n | 2 | date is not a calendar date: "2025-02-30"
            date in another format      | HEADER01/02/2025,openai/gpt-4o,5\\n | 2 | date is not written yyyy-MM-dd: "01/02/2025"
            letters in tokens           | HEADER2025-01-01,openai/gpt-4o,12x\\n | 2 | total_tokens is not a non-negative whole number: "12x"
            negative tokens             | HEADER2025-01-01,openai/gpt-4o,-5\\n | 2 | total_tokens is not a non-negative whole number: "-5"
            decimal tokens              | HEADER2025-01-01,openai/gpt-4o,1.5\\n | 2 | total_tokens is not a non-negative whole number: "1.5"
            tokens beyond 64 bits       | HEADER2025-01-01,openai/gpt-4o,99999999999999999999\\n | 2 | total_tokens is too large: "99999999999999999999"
            empty permaslug             | HEADER2025-01-01,,5\\n | 2 | model_permaslug is empty or contains whitespace: ""
            permaslug with a space      | HEADER2025-01-01,openai/gpt 4o,5\\n | 2 | model_permaslug is empty or contains whitespace: "openai/gpt 4o"
            quote never closed          | HEADER2025-01-01,openai/gpt-4o,1\\n2025-01-01,"other,5\\n | 3 | a quoted field is never closed
            bad row after good ones     | HEADER2025-01-01,a/b,1\\n2025-01-01,a/c,2\\n2025-01-01,a/d,x\\n | 4 | "x"
            """)
    void rejectsABadLineNamingFileLineTextAndWhatWasExpected(
            String caseName, String content, long line, String messagePart) {
        String csv = content == null ? "" : content.replace("HEADER", HEADER).replace("\\n", "\n");

        assertThatThrownBy(() -> {
                    try (Stream<RankingsRow> rows = RankingsCsvReader.rows(text(csv), "bad.csv")) {
                        rows.forEach(row -> {});
                    }
                })
                .isInstanceOf(ReplayFileException.class)
                .hasMessageStartingWith("bad.csv, line " + line + ": ")
                .hasMessageContaining(messagePart)
                .hasMessageContaining("Expected ")
                .satisfies(
                        e -> assertThat(((ReplayFileException) e).lineNumber()).isEqualTo(line));
    }

    @Test
    void rowsBeforeABadLineAreDeliveredAndTheErrorNamesTheFilePath() {
        Path file = ReplayTestFiles.resource("rankings-bad-tokens.csv");
        List<RankingsRow> delivered = new ArrayList<>();

        assertThatThrownBy(() -> {
                    try (Stream<RankingsRow> rows = RankingsCsvReader.rows(file)) {
                        rows.forEach(delivered::add);
                    }
                })
                .isInstanceOf(ReplayFileException.class)
                .hasMessage(file + ", line 3: total_tokens is not a non-negative whole number: \"12x\". "
                        + "Expected a whole number of tokens from 0 to 9223372036854775807, digits only, e.g. 123456.");
        assertThat(delivered).containsExactly(new RankingsRow(LocalDate.of(2025, 1, 1), "openai/gpt-4o", 100));
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] content = (HEADER + "2025-01-01,caf").getBytes(StandardCharsets.UTF_8);
        byte[] withBadByte = new byte[content.length + 3];
        System.arraycopy(content, 0, withBadByte, 0, content.length);
        withBadByte[content.length] = (byte) 0xE9;
        withBadByte[content.length + 1] = ',';
        withBadByte[content.length + 2] = '1';

        assertThatThrownBy(() -> {
                    try (Stream<RankingsRow> rows =
                            RankingsCsvReader.rows(new ByteArrayInputStream(withBadByte), "latin1.csv")) {
                        rows.forEach(row -> {});
                    }
                })
                .isInstanceOf(ReplayFileException.class)
                .hasMessageContaining("latin1.csv, line 2: the bytes are not valid UTF-8 text");
    }
}
