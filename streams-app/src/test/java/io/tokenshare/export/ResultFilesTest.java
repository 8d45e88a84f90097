package io.tokenshare.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate W1 = LocalDate.parse("2026-02-02");
    private static final LocalDate W2 = LocalDate.parse("2026-02-09");

    @TempDir
    Path dir;

    @Test
    void writesOneCsvRowPerShareRowSortedByWeekBasisDimensionAndRank() throws IOException {
        ShareRow w2Us = row(W2, ShareBasis.ALL, "all", ShareDimension.ORIGIN, "US", 3, 1, 1.0, null);
        ShareRow w1Top = row(W1, ShareBasis.TOP_N, "top9", ShareDimension.ORIGIN, "CN", 6, 1, 0.6, 0.0125);
        ShareRow w1AllSecond = row(W1, ShareBasis.ALL, "all", ShareDimension.ORIGIN, "US", 4, 2, 0.4, null);
        ShareRow w1AllFirst = row(W1, ShareBasis.ALL, "all", ShareDimension.ORIGIN, "CN", 6, 1, 0.6, 1.0E-5);

        ResultFiles.write(
                dir,
                new ShareResults(List.of(w2Us, w1Top, w1AllSecond, w1AllFirst), List.of(), List.of(), List.of()),
                List.of(),
                report());

        assertThat(Files.readAllLines(dir.resolve(ResultFiles.BY_ORIGIN)))
                .containsExactly(
                        "week_start,basis,dimension,member,tokens,requests,total_tokens,share,rank,tokens_wow_pct,"
                                + "share_wow_points,rolling_4w_share,spend_usd,spend_share,spend_covered_tokens,spend_coverage,final,revision,days_with_data",
                        "2026-02-02,all,origin,CN,6,7,10,0.6,1,-12.5,2.5,0.6,0.00001,,0,0.0,true,0,7",
                        "2026-02-02,all,origin,US,4,7,10,0.4,2,-12.5,2.5,0.4,,,0,0.0,true,0,7",
                        "2026-02-02,top9,origin,CN,6,7,10,0.6,1,-12.5,2.5,0.6,0.0125,,0,0.0,true,0,7",
                        "2026-02-09,all,origin,US,3,7,10,1.0,1,-12.5,2.5,1.0,,,0,0.0,true,0,7");
        assertThat(Files.readAllLines(dir.resolve(ResultFiles.BY_LAB))).hasSize(1);
        assertThat(Files.readAllLines(dir.resolve(ResultFiles.BY_MODEL))).hasSize(1);
        assertThat(Files.readAllLines(dir.resolve(ResultFiles.BY_CATEGORY))).hasSize(1);
    }

    @Test
    void spendFiguresSayHowManyOfTheMembersTokensTheyCover() throws IOException {
        // The case: US spend priced 2,000 of its 5,000 tokens, and nothing said so.
        ShareRow us = ShareRow.newBuilder(
                        row(W1, ShareBasis.ALL, "all", ShareDimension.ORIGIN, "US", 5000, 1, 1.0, 0.07))
                .setSpendCoveredTokens(2000)
                .setTotalSpendUsd(0.07)
                .setSpendShare(1.0)
                .build();
        ShareRow none = row(W1, ShareBasis.ALL, "all", ShareDimension.ORIGIN, "CN", 0, 2, 0.0, null);

        ResultFiles.write(
                dir, new ShareResults(List.of(us, none), List.of(), List.of(), List.of()), List.of(), report());

        List<String> lines = Files.readAllLines(dir.resolve(ResultFiles.BY_ORIGIN));
        List<String> header = List.of(lines.get(0).split(","));
        List<String> usFields = List.of(lines.get(1).split(",", -1));
        List<String> cnFields = List.of(lines.get(2).split(",", -1));
        assertThat(usFields.get(header.indexOf("spend_usd"))).isEqualTo("0.07");
        assertThat(usFields.get(header.indexOf("spend_covered_tokens"))).isEqualTo("2000");
        assertThat(usFields.get(header.indexOf("spend_coverage"))).isEqualTo("0.4");
        assertThat(cnFields.get(header.indexOf("spend_coverage")))
                .as("no tokens, nothing to cover")
                .isEmpty();
    }

    @Test
    void aPartialWeekSaysOnHowManyDaysItHadData() throws IOException {
        ShareRow firstWeek = ShareRow.newBuilder(
                        row(W1, ShareBasis.ALL, "all", ShareDimension.ORIGIN, "US", 5000, 1, 1.0, null))
                .setDaysWithData(5)
                .setDaysMask(0b1111100)
                .build();

        ResultFiles.write(
                dir, new ShareResults(List.of(firstWeek), List.of(), List.of(), List.of()), List.of(), report());

        List<String> lines = Files.readAllLines(dir.resolve(ResultFiles.BY_ORIGIN));
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(List.of(lines.get(1).split(",", -1)).get(header.indexOf("days_with_data")))
                .isEqualTo("5");
    }

    @Test
    void listsEveryDeadLetterWithReasonDetailAndSource() throws IOException {
        DeadLetter late = new DeadLetter(
                0,
                7,
                Instant.parse("2026-02-20T00:00:00Z"),
                "LATE_BEYOND_GRACE",
                "occurred_at 2026-01-01T00:00:00Z is before the open weeks, \"2026-02-09\" on",
                "deepseek/deepseek-v3.2",
                "token-usage",
                3,
                41L,
                null,
                null);
        DeadLetter line = new DeadLetter(
                0,
                8,
                Instant.parse("2026-02-20T00:00:01Z"),
                "UNPARSEABLE_LINE",
                "malformed JSON",
                null,
                null,
                null,
                null,
                "events.jsonl",
                5L);

        List<Path> files = ResultFiles.write(
                dir,
                new ShareResults(List.of(), List.of(), List.of(), List.of()),
                List.of(),
                report(),
                List.of(late, line));

        assertThat(files).extracting(p -> p.getFileName().toString()).endsWith("accounting.json", "dead-letters.csv");
        assertThat(Files.readAllLines(dir.resolve(ResultFiles.DEAD_LETTERS)))
                .containsExactly(
                        "reason,detail,source,source_topic,source_partition,source_offset,source_file,source_line,key,dlq_partition,"
                                + "dlq_offset,timestamp",
                        "LATE_BEYOND_GRACE,\"occurred_at 2026-01-01T00:00:00Z is before the open weeks, \"\"2026-02-09\"\" on\","
                                + "token-usage/3@41,token-usage,3,41,,,deepseek/deepseek-v3.2,0,7,2026-02-20T00:00:00Z",
                        "UNPARSEABLE_LINE,malformed JSON,events.jsonl:5,,,,events.jsonl,5,,0,8,2026-02-20T00:00:01Z");
    }

    @Test
    void quotesMembersWithCommasQuotesOrLineBreaks() throws IOException {
        ShareRow lab = row(W1, ShareBasis.ALL, "all", ShareDimension.LAB, "Acme, \"Labs\"", 1, 1, 1.0, null);

        ResultFiles.write(dir, new ShareResults(List.of(), List.of(lab), List.of(), List.of()), List.of(), report());

        assertThat(Files.readAllLines(dir.resolve(ResultFiles.BY_LAB)).get(1))
                .startsWith("2026-02-02,all,lab,\"Acme, \"\"Labs\"\"\",1,");
    }

    @Test
    void writesAlertsOnePerLineAndTheAccounting() throws IOException {
        JsonNode first = JSON.readTree("{\"rule\":\"crossover\",\"week_start\":\"2026-03-23\"}");
        JsonNode second = JSON.readTree("{\"rule\":\"surge\",\"week_start\":\"2026-03-30\"}");

        List<Path> files = ResultFiles.write(
                dir, new ShareResults(List.of(), List.of(), List.of(), List.of()), List.of(first, second), report());

        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "share-by-origin.csv",
                        "share-by-lab.csv",
                        "share-by-model.csv",
                        "share-by-category.csv",
                        "alerts.jsonl",
                        "accounting.json");
        List<String> alerts = Files.readAllLines(dir.resolve(ResultFiles.ALERTS));
        assertThat(alerts).hasSize(2);
        assertThat(JSON.readTree(alerts.get(0))).isEqualTo(first);
        assertThat(JSON.readTree(alerts.get(1))).isEqualTo(second);

        JsonNode accounting = JSON.readTree(dir.resolve(ResultFiles.ACCOUNTING).toFile());
        assertThat(accounting.get("source").asText()).isEqualTo("demo");
        assertThat(accounting.get("read").asLong()).isEqualTo(10);
        assertThat(accounting.get("counted").asLong()).isEqualTo(6);
        assertThat(accounting.get("duplicates").asLong()).isEqualTo(2);
        assertThat(accounting.get("dead_letters").get("LATE_BEYOND_GRACE").asLong())
                .isEqualTo(1);
        assertThat(accounting.get("dead_letters").get("UNPARSEABLE_LINE").asLong())
                .isEqualTo(1);
        assertThat(accounting.get("dead_letters_total").asLong()).isEqualTo(2);
        assertThat(accounting.get("balances").asBoolean()).isTrue();
        assertThat(accounting.get("invalid_lines").get(0).get("file").asText()).isEqualTo("events.jsonl");
        assertThat(accounting.get("invalid_lines").get(0).get("line").asLong()).isEqualTo(5);
    }

    @Test
    void unknownCountsAreNullAndThenNothingCanBalance() throws IOException {
        AccountingReport fromTopics = new AccountingReport(
                "topics",
                10L,
                null,
                null,
                Map.of("LATE_BEYOND_GRACE", 1L),
                List.of(),
                List.of("counted cannot be known"));

        JsonNode json = JSON.readTree(fromTopics.toJson());

        assertThat(json.get("counted").isNull()).isTrue();
        assertThat(json.get("duplicates").isNull()).isTrue();
        assertThat(json.get("balances").isNull()).isTrue();
        assertThat(json.get("notes").get(0).asText()).isEqualTo("counted cannot be known");
    }

    @Test
    void anUnwritableDirectoryIsNamedInTheError() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");

        assertThatThrownBy(() -> ResultFiles.write(
                        file.resolve("out"),
                        new ShareResults(List.of(), List.of(), List.of(), List.of()),
                        List.of(),
                        report()))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("cannot create the export directory")
                .hasMessageContaining(file.resolve("out").toString());
    }

    private static AccountingReport report() {
        return new AccountingReport(
                "demo",
                10L,
                6L,
                2L,
                Map.of("UNPARSEABLE_LINE", 1L, "LATE_BEYOND_GRACE", 1L),
                List.of(new AccountingReport.InvalidLineNote("events.jsonl", 5, "malformed JSON")),
                List.of());
    }

    private static ShareRow row(
            LocalDate week,
            ShareBasis basis,
            String label,
            ShareDimension dimension,
            String member,
            long tokens,
            int rank,
            double share,
            Double spend) {
        return ShareRow.newBuilder()
                .setWeekStart(week)
                .setDimension(dimension)
                .setBasis(basis)
                .setBasisLabel(label)
                .setMember(member)
                .setTokens(tokens)
                .setRequests(7)
                .setTotalTokens(10)
                .setTokenShare(share)
                .setSpendUsd(spend)
                .setSpendCoveredTokens(0)
                .setTotalSpendUsd(null)
                .setSpendShare(null)
                .setRank(rank)
                .setTokensWowPct(-12.5)
                .setShareWowPoints(2.5)
                .setRolling4wShare(share)
                .setFinal$(true)
                .setRevision(0)
                .setComputedAt(Instant.parse("2026-02-20T00:00:00Z"))
                .build();
    }
}
