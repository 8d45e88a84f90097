package io.tokenshare.replay;

import static io.tokenshare.replay.ReplayTestFiles.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.Origin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginsCsvReaderTest {

    private static final String HEADER = "author_slug,lab,origin,notes\n";

    private static List<OriginTableRow> read(String csv) {
        try (Stream<OriginTableRow> rows = OriginsCsvReader.rows(text(csv), "origins.csv")) {
            return rows.toList();
        }
    }

    @Test
    void readsTheShippedTableLikeAPlainSplitOfIt() throws IOException {
        List<OriginTableRow> expected = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(ShippedData.open(ShippedData.ORIGINS), StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] f = line.split(",", -1);
                assertThat(f).as("the shipped file has no quoted commas").hasSize(4);
                expected.add(new OriginTableRow(
                        f[0],
                        ModelOrigin.newBuilder()
                                .setLab(f[1])
                                .setOrigin(Origin.valueOf(f[2]))
                                .setNotes(f[3].isEmpty() ? null : f[3])
                                .build()));
            }
        }

        List<OriginTableRow> actual;
        try (Stream<OriginTableRow> rows = ShippedData.origins()) {
            actual = rows.toList();
        }

        // The price table follows the author rows; ShippedPricesTest checks it.
        assertThat(actual.subList(0, expected.size())).hasSize(48).isEqualTo(expected);
        assertThat(actual)
                .filteredOn(row -> row.key().equals("deepseek"))
                .singleElement()
                .satisfies(row -> assertThat(row.origin().getOrigin()).isEqualTo(Origin.CN));
    }

    @Test
    void readsQuotedFieldsAndOptionalColumnsInAnyOrder() {
        List<OriginTableRow> rows;
        try (Stream<OriginTableRow> stream = OriginsCsvReader.rows(ReplayTestFiles.resource("origins-extended.csv"))) {
            rows = stream.toList();
        }

        assertThat(rows)
                .containsExactly(
                        new OriginTableRow(
                                "deepseek",
                                new ModelOrigin("DeepSeek", Origin.CN, true, null, null, null, "Hangzhou, China")),
                        new OriginTableRow(
                                "deepseek/deepseek-v3.2",
                                new ModelOrigin(
                                        "DeepSeek",
                                        Origin.CN,
                                        true,
                                        0.28,
                                        0.42,
                                        LocalDate.of(2025, 12, 1),
                                        "list price, as of \"V3.2\" launch")),
                        new OriginTableRow(
                                "deepseek/deepseek-v3.2",
                                new ModelOrigin(
                                        "DeepSeek",
                                        Origin.CN,
                                        true,
                                        0.25,
                                        0.40,
                                        LocalDate.of(2026, 3, 1),
                                        "price cut;\nsecond line of the note")),
                        new OriginTableRow(
                                "mistralai", new ModelOrigin("Mistral AI", Origin.EU, false, null, null, null, null)));
    }

    @Test
    void aBadOriginCodeListsTheAllowedCodes() {
        assertThatThrownBy(() -> read(HEADER + "openai,OpenAI,US,\nqwen,Alibaba,China,\n"))
                .isInstanceOf(ReplayFileException.class)
                .hasMessage("origins.csv, line 3: unknown origin code: \"China\". Expected one of CN, US, EU, OTHER, "
                        + "UNATTRIBUTED (UNKNOWN is for authors without a row: leave the row out instead).");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            textBlock =
                    """
            empty file               | ``                                                       | 1 | the file is empty
            required column missing  | author_slug,lab,origin\\n                                | 1 | the header does not start with the required columns
            required columns swapped | lab,author_slug,origin,notes\\n                          | 1 | the header does not start with the required columns
            unknown extra column     | author_slug,lab,origin,notes,country\\n                  | 1 | unknown column: "country"
            column twice             | author_slug,lab,origin,notes,valid_from,valid_from\\n    | 1 | the column appears twice: "valid_from"
            UNKNOWN as a code        | HEADERopenai,OpenAI,UNKNOWN,\\n                          | 2 | unknown origin code: "UNKNOWN"
            lower-case code          | HEADERopenai,OpenAI,us,\\n                               | 2 | unknown origin code: "us"
            unquoted comma in notes  | HEADERgoogle,Google,US,incl. gemma, open weights\\n      | 2 | the row has 5 fields but the header has 4
            too few fields           | HEADERgoogle,Google,US\\n                                | 2 | the row has 3 fields but the header has 4
            empty key                | HEADER,Google,US,\\n                                     | 2 | author_slug is empty or contains whitespace
            key with a space         | HEADERopen ai,OpenAI,US,\\n                              | 2 | author_slug is empty or contains whitespace: "open ai"
            empty lab                | HEADERopenai,,US,\\n                                     | 2 | lab is empty
            price in words           | author_slug,lab,origin,notes,input_usd_per_mtok\\nopenai,OpenAI,US,,cheap\\n | 2 | input_usd_per_mtok is not a price: "cheap"
            negative price           | author_slug,lab,origin,notes,output_usd_per_mtok\\nopenai,OpenAI,US,,-1\\n   | 2 | output_usd_per_mtok is not a price: "-1"
            flag in words            | author_slug,lab,origin,notes,open_weights\\nopenai,OpenAI,US,,yes\\n         | 2 | open_weights is not a flag: "yes"
            impossible date          | author_slug,lab,origin,notes,valid_from\\nopenai,OpenAI,US,,2026-02-30\\n    | 2 | valid_from is not a calendar date: "2026-02-30"
            date in another format   | author_slug,lab,origin,notes,valid_from\\nopenai,OpenAI,US,,1.3.2026\\n      | 2 | valid_from is not written yyyy-MM-dd: "1.3.2026"
            same key twice           | HEADERopenai,OpenAI,US,\\nanthropic,Anthropic,US,\\nopenai,OpenAI,US,again\\n | 4 | the first one is on line 2
            quote inside a field     | HEADERopenai,OpenAI,US,the "o" series\\n                 | 2 | a double quote inside an unquoted field
            """)
    void rejectsABadLineNamingFileLineAndWhatWasExpected(
            String caseName, String content, long line, String messagePart) {
        String csv = content.replace("HEADER", HEADER).replace("\\n", "\n");

        assertThatThrownBy(() -> read(csv))
                .isInstanceOf(ReplayFileException.class)
                .hasMessageStartingWith("origins.csv, line " + line + ": ")
                .hasMessageContaining(messagePart)
                .hasMessageContaining("Expected ");
    }

    @Test
    void theSameKeyMayRepeatWithDifferentValidFromDates() {
        String csv = "author_slug,lab,origin,notes,valid_from\nopenai,OpenAI,US,,\nopenai,OpenAI,US,,2026-01-01\n";

        assertThat(read(csv))
                .extracting(row -> row.origin().getValidFrom())
                .containsExactly(null, LocalDate.of(2026, 1, 1));
    }
}
