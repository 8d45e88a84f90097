package io.tokenshare.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    private static List<CsvRecord> parse(String csv) {
        List<CsvRecord> records = new ArrayList<>();
        new CsvRecords(new StringReader(csv), "t.csv").forEachRemaining(records::add);
        return records;
    }

    @Test
    void splitsOnCommasAndKeepsEmptyFields() {
        assertThat(parse("a,,c,\n,\n"))
                .extracting(CsvRecord::fields)
                .containsExactly(List.of("a", "", "c", ""), List.of("", ""));
    }

    @Test
    void quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() {
        List<CsvRecord> records = parse("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,row\n");

        assertThat(records)
                .extracting(CsvRecord::fields)
                .containsExactly(List.of("a,b", "say \"hi\"", "two\nlines"), List.of("next", "row"));
        assertThat(records).extracting(CsvRecord::lineNumber).containsExactly(1L, 3L);
        assertThat(records.get(0).rawText()).isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"");
    }

    @Test
    void acceptsEveryLineEndAndNoLineEndAtTheEnd() {
        List<CsvRecord> records = parse("a\r\nb\rc\nd");

        assertThat(records)
                .extracting(CsvRecord::fields)
                .containsExactly(List.of("a"), List.of("b"), List.of("c"), List.of("d"));
        assertThat(records).extracting(CsvRecord::lineNumber).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void skipsEmptyLinesButCountsThem() {
        List<CsvRecord> records = parse("a\n\n\r\nb\n\n");

        assertThat(records).extracting(CsvRecord::lineNumber).containsExactly(1L, 4L);
    }

    @Test
    void aCrLfInsideAQuotedFieldIsOneLineBreak() {
        List<CsvRecord> records = parse("\"x\r\ny\",1\r\nz,2\r\n");

        assertThat(records).extracting(CsvRecord::lineNumber).containsExactly(1L, 3L);
        assertThat(records.get(0).fields()).containsExactly("x\r\ny", "1");
    }

    @Test
    void ignoresAByteOrderMark() {
        assertThat(parse("\uFEFFa,b\n"))
                .singleElement()
                .extracting(CsvRecord::fields)
                .isEqualTo(List.of("a", "b"));
    }

    @Test
    void readsRecordsLongerThanTheReadBuffer() {
        String longField = "x".repeat(20_000);

        assertThat(parse("a," + longField + "\nb,c\n"))
                .extracting(CsvRecord::fields)
                .containsExactly(List.of("a", longField), List.of("b", "c"));
    }

    @Test
    void rejectsAQuoteInsideAnUnquotedField() {
        assertThatThrownBy(() -> parse("ok\nab\"c\",d\n"))
                .isInstanceOf(ReplayFileException.class)
                .hasMessageStartingWith("t.csv, line 2: a double quote inside an unquoted field: \"ab\"\"");
    }

    @Test
    void rejectsTextAfterAClosingQuote() {
        assertThatThrownBy(() -> parse("\"ab\"c,d\n"))
                .isInstanceOf(ReplayFileException.class)
                .hasMessageStartingWith("t.csv, line 1: text after the closing quote of a field: \"\"ab\"c\"");
    }

    @Test
    void rejectsAQuotedFieldThatIsNeverClosedNamingTheLineItOpens() {
        assertThatThrownBy(() -> parse("a,b\nc,\"open\nand on\nand on\n"))
                .isInstanceOf(ReplayFileException.class)
                .hasMessageStartingWith("t.csv, line 2: a quoted field is never closed");
    }
}
