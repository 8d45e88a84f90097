package io.tokenshare.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.testsupport.ExportedCsv;
import io.tokenshare.testsupport.TcpPorts;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokenshare demo --events --origins --export} on a ten-line events file with two resends, a
 * line that is not JSON, an event beyond its week's grace and an author without an origin row; every
 * exported figure is checked against the table below, worked out by hand from the file.
 *
 * <p>The events that count (weeks 2026-02-02 = W1 and 2026-02-09 = W2):
 * <pre>
 * line event model                    week tokens requests category    split (in/out)
 *  1   e1    deepseek/deepseek-v3.2   W1   6000   2        programming 4000/2000
 *  2   e2    openai/gpt-5             W1   3000   1        programming -
 *  3   e3    acme/acme-1 (no origin)  W1   1000   1        -           -
 *  6   e4    deepseek/deepseek-v3.2   W2   5000   1        roleplay    3000/2000
 *  7   e5    openai/gpt-5             W2   2000   1        programming -
 *  8   e6    mistralai/mistral-large  W2   1000   1        -           -
 * </pre>
 * Line 4 resends e1 and line 10 resends e5 (duplicates); line 5 is not JSON (dead-lettered by the
 * replay); line 9 is a W1 event arriving after deepseek's partition reached 2026-02-11 12:00, past
 * W1's end plus the 2-day grace (dead-lettered as late). DeepSeek is priced at 0.5 USD per million
 * input and 2 USD per million output tokens: W1 spend 4000 × 0.5e-6 + 2000 × 2e-6 = 0.006 USD, W2
 * 3000 × 0.5e-6 + 2000 × 2e-6 = 0.0055 USD; nothing else is priced.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DemoExportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate W1 = LocalDate.parse("2026-02-02");
    private static final LocalDate W2 = LocalDate.parse("2026-02-09");
    private static final List<String> ALL_AND_TOP9 = List.of("all", "top9");
    private static final List<String> EVERY_BASIS = List.of("all", "attributed", "top9");
    private static final double W1_SPEND = 0.006;
    private static final double W2_SPEND = 0.0055;

    @TempDir
    static Path exportDir;

    private static CliRun run;

    @BeforeAll
    static void runTheDemo() throws URISyntaxException {
        run = CliRun.of(
                "demo",
                "--events",
                resource("cli/demo-events.jsonl"),
                "--origins",
                resource("cli/demo-origins.csv"),
                "--export",
                exportDir.toString(),
                "--port",
                Integer.toString(TcpPorts.free()),
                "--registry-port",
                "0");
    }

    @Test
    void exitsZeroAndReportsTheInvalidLineWithItsNumber() {
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("demo-events.jsonl, line 5: not an event (malformed JSON", "sent to token-usage-dlq");
        assertThat(run.out()).containsPattern("2026-02-02 +60\\.0 +30\\.0 +0\\.0 +10\\.0 +10,000\n");
        assertThat(run.out()).containsPattern("2026-02-09 +62\\.5 +25\\.0 +12\\.5 +0\\.0 +8,000\n");
    }

    @Test
    void shareByOrigin() throws IOException {
        List<Expected> rows = new ArrayList<>();
        rows.addAll(week(
                "origin",
                W1,
                ALL_AND_TOP9,
                10_000,
                W1_SPEND,
                m("CN", 6000, 2, true),
                m("US", 3000, 1, false),
                m("UNKNOWN", 1000, 1, false)));
        rows.addAll(week(
                "origin", W1, List.of("attributed"), 9_000, W1_SPEND, m("CN", 6000, 2, true), m("US", 3000, 1, false)));
        rows.addAll(week(
                "origin",
                W2,
                EVERY_BASIS,
                8_000,
                W2_SPEND,
                m("CN", 5000, 1, true),
                m("US", 2000, 1, false),
                m("EU", 1000, 1, false)));
        assertExported("share-by-origin.csv", rows);
    }

    @Test
    void shareByLab() throws IOException {
        List<Expected> rows = new ArrayList<>();
        rows.addAll(week(
                "lab",
                W1,
                ALL_AND_TOP9,
                10_000,
                W1_SPEND,
                m("DeepSeek", 6000, 2, true),
                m("OpenAI", 3000, 1, false),
                m("acme", 1000, 1, false)));
        rows.addAll(week(
                "lab",
                W1,
                List.of("attributed"),
                9_000,
                W1_SPEND,
                m("DeepSeek", 6000, 2, true),
                m("OpenAI", 3000, 1, false)));
        rows.addAll(week(
                "lab",
                W2,
                EVERY_BASIS,
                8_000,
                W2_SPEND,
                m("DeepSeek", 5000, 1, true),
                m("OpenAI", 2000, 1, false),
                m("Mistral AI", 1000, 1, false)));
        assertExported("share-by-lab.csv", rows);
    }

    @Test
    void shareByModel() throws IOException {
        List<Expected> rows = new ArrayList<>();
        rows.addAll(week(
                "model",
                W1,
                ALL_AND_TOP9,
                10_000,
                W1_SPEND,
                m("deepseek/deepseek-v3.2", 6000, 2, true),
                m("openai/gpt-5", 3000, 1, false),
                m("acme/acme-1", 1000, 1, false)));
        rows.addAll(week(
                "model",
                W1,
                List.of("attributed"),
                9_000,
                W1_SPEND,
                m("deepseek/deepseek-v3.2", 6000, 2, true),
                m("openai/gpt-5", 3000, 1, false)));
        rows.addAll(week(
                "model",
                W2,
                EVERY_BASIS,
                8_000,
                W2_SPEND,
                m("deepseek/deepseek-v3.2", 5000, 1, true),
                m("openai/gpt-5", 2000, 1, false),
                m("mistralai/mistral-large", 1000, 1, false)));
        assertExported("share-by-model.csv", rows);
    }

    @Test
    void shareByCategoryAndCategoryOrigin() throws IOException {
        List<Expected> rows = new ArrayList<>();
        rows.addAll(week(
                "category",
                W1,
                ALL_AND_TOP9,
                10_000,
                null,
                m("programming", 9000, 3, false),
                m("uncategorized", 1000, 1, false)));
        rows.addAll(week("category", W1, List.of("attributed"), 9_000, null, m("programming", 9000, 3, false)));
        rows.addAll(week(
                "category",
                W2,
                EVERY_BASIS,
                8_000,
                null,
                m("roleplay", 5000, 1, false),
                m("programming", 2000, 1, false),
                m("uncategorized", 1000, 1, false)));
        rows.addAll(week(
                "category_origin",
                W1,
                ALL_AND_TOP9,
                10_000,
                null,
                m("programming|CN", 6000, 2, false),
                m("programming|US", 3000, 1, false),
                m("uncategorized|UNKNOWN", 1000, 1, false)));
        rows.addAll(week(
                "category_origin",
                W1,
                List.of("attributed"),
                9_000,
                null,
                m("programming|CN", 6000, 2, false),
                m("programming|US", 3000, 1, false)));
        rows.addAll(week(
                "category_origin",
                W2,
                EVERY_BASIS,
                8_000,
                null,
                m("roleplay|CN", 5000, 1, false),
                m("programming|US", 2000, 1, false),
                m("uncategorized|EU", 1000, 1, false)));
        assertExported("share-by-category.csv", rows);
    }

    @Test
    void accountingBalancesWithTheInvalidLineAndTheLateEvent() throws IOException {
        JsonNode accounting = JSON.readTree(exportDir.resolve("accounting.json").toFile());

        assertThat(accounting.get("source").asText()).isEqualTo("demo");
        assertThat(accounting.get("read").asLong()).as("ten lines").isEqualTo(10);
        assertThat(accounting.get("counted").asLong()).as("e1..e6").isEqualTo(6);
        assertThat(accounting.get("duplicates").asLong()).as("lines 4 and 10").isEqualTo(2);
        assertThat(accounting.get("dead_letters").size()).isEqualTo(2);
        assertThat(accounting.get("dead_letters").get("LATE_BEYOND_GRACE").asLong())
                .as("line 9")
                .isEqualTo(1);
        assertThat(accounting.get("dead_letters").get("UNPARSEABLE_LINE").asLong())
                .as("line 5")
                .isEqualTo(1);
        assertThat(accounting.get("dead_letters_total").asLong()).isEqualTo(2);
        assertThat(accounting.get("balances").asBoolean()).isTrue();
        assertThat(accounting.get("invalid_lines")).hasSize(1);
        assertThat(accounting.get("invalid_lines").get(0).get("line").asLong()).isEqualTo(5);
        assertThat(accounting.get("invalid_lines").get(0).get("file").asText()).endsWith("demo-events.jsonl");
    }

    @Test
    void deadLettersAreListedWithReasonDetailAndSource() throws IOException {
        List<Map<String, String>> deadLetters =
                ExportedCsv.read(exportDir.resolve("dead-letters.csv")).rows();

        assertThat(deadLetters).hasSize(2);
        Map<String, String> unparseable = deadLetters.stream()
                .filter(d -> d.get("reason").equals("UNPARSEABLE_LINE"))
                .findFirst()
                .orElseThrow();
        assertThat(unparseable.get("source_file")).endsWith("demo-events.jsonl");
        assertThat(unparseable).containsEntry("source_line", "5").containsEntry("source_topic", "");
        assertThat(unparseable.get("source")).endsWith("demo-events.jsonl:5");
        assertThat(unparseable.get("detail")).contains("malformed JSON");
        Map<String, String> late = deadLetters.stream()
                .filter(d -> d.get("reason").equals("LATE_BEYOND_GRACE"))
                .findFirst()
                .orElseThrow();
        assertThat(late).containsEntry("source_topic", "token-usage").containsEntry("key", "deepseek/deepseek-v3.2");
        assertThat(late.get("source"))
                .as("line 9's record on token-usage")
                .isEqualTo("token-usage/" + late.get("source_partition") + "@" + late.get("source_offset"));
        assertThat(Long.parseLong(late.get("source_offset"))).isNotNegative();
        assertThat(late.get("detail")).isNotBlank();
    }

    @Test
    void spendSaysHowManyOfTheMembersTokensItCovers() throws IOException {
        Map<String, Map<String, String>> byMember = new HashMap<>();
        for (Map<String, String> row :
                ExportedCsv.read(exportDir.resolve("share-by-origin.csv")).rows()) {
            if (row.get("week_start").equals(W1.toString()) && row.get("basis").equals("all")) {
                byMember.put(row.get("member"), row);
            }
        }
        // Only DeepSeek is priced and only its events carry a split: US spend covers none of its tokens.
        assertThat(byMember.get("CN"))
                .containsEntry("spend_covered_tokens", "6000")
                .containsEntry("spend_coverage", "1.0");
        assertThat(byMember.get("US"))
                .containsEntry("spend_covered_tokens", "0")
                .containsEntry("spend_coverage", "0.0")
                .containsEntry("spend_usd", "");
    }

    @Test
    void noAlertFiresWithoutAnAlertStage() throws IOException {
        assertThat(exportDir.resolve("alerts.jsonl")).exists();
        assertThat(Files.readAllLines(exportDir.resolve("alerts.jsonl"))).isEmpty();
    }

    /** One member's hand-worked figures in one week on one basis. */
    private record Expected(
            String dimension,
            LocalDate week,
            String basis,
            String member,
            long tokens,
            long requests,
            long totalTokens,
            int rank,
            Double spendUsd,
            Double basisSpendUsd) {

        String key() {
            return key(week, basis, dimension, member);
        }

        static String key(Object week, String basis, String dimension, String member) {
            return week + "|" + basis + "|" + dimension + "|" + member;
        }
    }

    /** A member's tokens and requests, and whether its spend is the week's priced spend (DeepSeek's). */
    private record Member(String name, long tokens, long requests, boolean priced) {}

    private static Member m(String name, long tokens, long requests, boolean priced) {
        return new Member(name, tokens, requests, priced);
    }

    /** The rows of one week's distribution on each of the bases; members are given in rank order. */
    private static List<Expected> week(
            String dimension,
            LocalDate week,
            List<String> bases,
            long totalTokens,
            Double weekSpend,
            Member... members) {
        List<Expected> rows = new ArrayList<>();
        for (String basis : bases) {
            for (int i = 0; i < members.length; i++) {
                Member member = members[i];
                rows.add(new Expected(
                        dimension,
                        week,
                        basis,
                        member.name(),
                        member.tokens(),
                        member.requests(),
                        totalTokens,
                        i + 1,
                        member.priced() ? weekSpend : null,
                        weekSpend));
            }
        }
        return rows;
    }

    private static void assertExported(String file, List<Expected> expected) throws IOException {
        ExportedCsv csv = ExportedCsv.read(exportDir.resolve(file));
        Map<String, Map<String, String>> actual = new HashMap<>();
        for (Map<String, String> row : csv.rows()) {
            actual.put(
                    Expected.key(row.get("week_start"), row.get("basis"), row.get("dimension"), row.get("member")),
                    row);
        }
        assertThat(actual.keySet())
                .as(file + " rows")
                .containsExactlyInAnyOrderElementsOf(
                        expected.stream().map(Expected::key).toList());
        for (Expected row : expected) {
            assertRow(row, actual.get(row.key()), expected);
        }
    }

    private static void assertRow(Expected row, Map<String, String> actual, List<Expected> all) {
        String where = row.key();
        assertThat(Long.parseLong(actual.get("tokens"))).as(where + " tokens").isEqualTo(row.tokens());
        assertThat(Long.parseLong(actual.get("requests")))
                .as(where + " requests")
                .isEqualTo(row.requests());
        assertThat(Long.parseLong(actual.get("total_tokens")))
                .as(where + " total_tokens")
                .isEqualTo(row.totalTokens());
        assertThat(Integer.parseInt(actual.get("rank"))).as(where + " rank").isEqualTo(row.rank());
        assertNumber(actual.get("share"), (double) row.tokens() / row.totalTokens(), where + " share");
        Expected before = find(all, row.week().minusWeeks(1), row.basis(), row.dimension(), row.member());
        long totalBefore = totalOf(all, row.week().minusWeeks(1), row.basis(), row.dimension());
        assertNumber(
                actual.get("tokens_wow_pct"),
                before == null ? null : (row.tokens() - before.tokens()) * 100.0 / before.tokens(),
                where + " tokens_wow_pct");
        assertNumber(
                actual.get("share_wow_points"),
                totalBefore == 0
                        ? null
                        : ((double) row.tokens() / row.totalTokens()
                                        - (before == null ? 0.0 : (double) before.tokens() / totalBefore))
                                * 100,
                where + " share_wow_points");
        long memberFourWeeks = 0;
        long totalFourWeeks = 0;
        for (int weeksBack = 0; weeksBack < 4; weeksBack++) {
            Expected then = find(all, row.week().minusWeeks(weeksBack), row.basis(), row.dimension(), row.member());
            memberFourWeeks += then == null ? 0 : then.tokens();
            totalFourWeeks += totalOf(all, row.week().minusWeeks(weeksBack), row.basis(), row.dimension());
        }
        assertNumber(
                actual.get("rolling_4w_share"), (double) memberFourWeeks / totalFourWeeks, where + " rolling_4w_share");
        assertNumber(actual.get("spend_usd"), row.spendUsd(), where + " spend_usd");
        assertNumber(
                actual.get("spend_share"),
                row.spendUsd() == null ? null : row.spendUsd() / row.basisSpendUsd(),
                where + " spend_share");
        assertThat(actual.get("final")).as(where + " final").isEqualTo("true");
        assertThat(actual.get("revision")).as(where + " revision").isEqualTo("0");
    }

    private static Expected find(List<Expected> all, LocalDate week, String basis, String dimension, String member) {
        return all.stream()
                .filter(e -> e.week().equals(week)
                        && e.basis().equals(basis)
                        && e.dimension().equals(dimension)
                        && e.member().equals(member))
                .findFirst()
                .orElse(null);
    }

    private static long totalOf(List<Expected> all, LocalDate week, String basis, String dimension) {
        return all.stream()
                .filter(e -> e.week().equals(week)
                        && e.basis().equals(basis)
                        && e.dimension().equals(dimension))
                .mapToLong(Expected::totalTokens)
                .findFirst()
                .orElse(0);
    }

    private static void assertNumber(String actual, Double expected, String what) {
        if (expected == null) {
            assertThat(actual).as(what + " (unknown)").isEmpty();
        } else {
            assertThat(actual).as(what).isNotEmpty();
            assertThat(Double.parseDouble(actual)).as(what).isCloseTo(expected, within(1e-9));
        }
    }

    private static String resource(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(
                                DemoExportIT.class.getClassLoader().getResource(name), name)
                        .toURI())
                .toString();
    }
}
