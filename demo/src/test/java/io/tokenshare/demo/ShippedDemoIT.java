package io.tokenshare.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.testsupport.ExportedCsv;
import io.tokenshare.testsupport.TcpPorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tokenshare demo --export} on the shipped OpenRouter rankings: every file written, every week
 * final, the accounting balanced, and each week's tokens equal to a plain sum of the CSV's rows.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ShippedDemoIT {

    private static final Logger LOG = LoggerFactory.getLogger(ShippedDemoIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES = List.of(
            "share-by-origin.csv",
            "share-by-lab.csv",
            "share-by-model.csv",
            "share-by-category.csv",
            "alerts.jsonl",
            "accounting.json");

    @TempDir
    static Path exportDir;

    private static CliRun run;
    private static long seconds;

    @BeforeAll
    static void runTheDemo() {
        long start = System.nanoTime();
        run = CliRun.of(
                "demo",
                "--export",
                exportDir.toString(),
                "--port",
                Integer.toString(TcpPorts.free()),
                "--registry-port",
                "0");
        seconds = (System.nanoTime() - start) / 1_000_000_000L;
        LOG.info("demo --export on the shipped data took {} s", seconds);
    }

    @Test
    void writesEveryFileAndExitsZero() {
        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String file : FILES) {
            assertThat(exportDir.resolve(file)).as(file).isRegularFile();
        }
        assertThat(run.out())
                .contains(
                        "Weekly token share by origin, all tokens (basis all)",
                        "Weekly token share by origin, the week's top 9 models (basis top9)");
    }

    @Test
    void everyRowOfEveryWeekIsFinal() throws IOException {
        for (String file : FILES.subList(0, 4)) {
            ExportedCsv csv = ExportedCsv.read(exportDir.resolve(file));
            assertThat(csv.rows()).as(file).isNotEmpty();
            assertThat(csv.rows()).as(file).allSatisfy(row -> assertThat(row.get("final"))
                    .isEqualTo("true"));
        }
    }

    @Test
    void accountingBalancesAndCountsEveryRow() throws IOException {
        long csvRows =
                plainWeeklySums().values().stream().mapToLong(WeekSum::rows).sum();
        JsonNode accounting = JSON.readTree(exportDir.resolve("accounting.json").toFile());

        assertThat(accounting.get("read").asLong()).isEqualTo(csvRows);
        assertThat(accounting.get("counted").asLong()
                        + accounting.get("duplicates").asLong()
                        + accounting.get("dead_letters_total").asLong())
                .isEqualTo(accounting.get("read").asLong());
        assertThat(accounting.get("counted").asLong())
                .as("every row has its own event id")
                .isEqualTo(csvRows);
        assertThat(accounting.get("balances").asBoolean()).isTrue();
    }

    @Test
    void eachWeeksTokensEqualAPlainSumOverTheCsv() throws IOException {
        Map<LocalDate, WeekSum> expected = plainWeeklySums();
        for (String file : List.of("share-by-origin.csv", "share-by-lab.csv", "share-by-model.csv")) {
            Map<LocalDate, Long> memberSums = new TreeMap<>();
            Map<LocalDate, Long> totals = new TreeMap<>();
            for (Map<String, String> row :
                    ExportedCsv.read(exportDir.resolve(file)).rows()) {
                if (row.get("basis").equals("all")) {
                    LocalDate week = LocalDate.parse(row.get("week_start"));
                    memberSums.merge(week, Long.parseLong(row.get("tokens")), Long::sum);
                    totals.put(week, Long.parseLong(row.get("total_tokens")));
                }
            }
            assertThat(totals.keySet()).as(file + " weeks").containsExactlyElementsOf(expected.keySet());
            expected.forEach((week, sum) -> {
                assertThat(totals.get(week))
                        .as(file + " total_tokens of " + week)
                        .isEqualTo(sum.tokens());
                assertThat(memberSums.get(week))
                        .as(file + " members' tokens of " + week)
                        .isEqualTo(sum.tokens());
            });
        }
    }

    /** Rows and tokens per ISO week (Monday), summed straight from the shipped CSV. */
    private record WeekSum(long rows, long tokens) {
        WeekSum plus(long rowTokens) {
            return new WeekSum(rows + 1, tokens + rowTokens);
        }
    }

    private static Map<LocalDate, WeekSum> plainWeeklySums() throws IOException {
        Map<LocalDate, WeekSum> weeks = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(
                        ShippedDemoIT.class.getClassLoader().getResourceAsStream("data/openrouter-rankings-daily.csv")),
                StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",");
                LocalDate monday = LocalDate.parse(fields[0]).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                long tokens = Long.parseLong(fields[2]);
                weeks.merge(monday, new WeekSum(1, tokens), (a, b) -> a.plus(tokens));
            }
        }
        return weeks;
    }
}
