package io.tokenshare.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.internal.AttributedModelWeek;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.window.ModelWeekUsages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The share arithmetic on OpenRouter's real rankings: the seed articles' figures hold on the top-9
 * basis, the data README's crossover weeks on the whole platform. Every expectation is also
 * recomputed here with a plain loop over the CSV rows, apart from the calculator.
 */
class ShareCalculatorRealDataTest {

    private static final String RANKINGS = "openrouter-rankings-daily.csv";
    private static final String ORIGINS = "author-origins.csv";
    /** The row count the data README documents: a different file would make every figure here moot. */
    private static final int RANKINGS_ROWS = 32_895;

    private static final LocalDate SEED_CROSSOVER_WEEK = LocalDate.of(2026, 2, 9);
    private static final int TOP_NINE = 9;

    /** Tokens per ISO week (Monday) per model permaslug. */
    private static final Map<LocalDate, Map<String, Long>> WEEKLY_TOKENS = new TreeMap<>();
    /** Author slug to its lab and origin. */
    private static final Map<String, LabOrigin> AUTHORS = new HashMap<>();

    private static final Map<LocalDate, List<AttributedModelWeek>> ATTRIBUTED_WEEKS = new HashMap<>();

    private final ShareCalculator calculator =
            new ShareCalculator(TOP_NINE, Clock.fixed(Instant.parse("2026-10-11T00:00:00Z"), ZoneOffset.UTC));

    private record LabOrigin(String lab, Origin origin) {}

    @BeforeAll
    static void readTheRealData() throws IOException {
        Path dataDir = sharedDataDir();
        List<String> authorLines = Files.readAllLines(dataDir.resolve(ORIGINS));
        for (String line : authorLines.subList(1, authorLines.size())) {
            String[] columns = line.split(",", -1);
            AUTHORS.put(columns[0], new LabOrigin(columns[1], Origin.valueOf(columns[2])));
        }
        List<String> rankingLines = Files.readAllLines(dataDir.resolve(RANKINGS));
        assertThat(rankingLines).as("rows of %s", RANKINGS).hasSize(RANKINGS_ROWS + 1);
        for (String line : rankingLines.subList(1, rankingLines.size())) {
            String[] columns = line.split(",", -1);
            LocalDate week = LocalDate.parse(columns[0]).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            WEEKLY_TOKENS
                    .computeIfAbsent(week, ignored -> new HashMap<>())
                    .merge(columns[1], Long.parseLong(columns[2]), Math::addExact);
        }
        WEEKLY_TOKENS.forEach((week, models) -> ATTRIBUTED_WEEKS.put(week, attribute(week, models)));
    }

    /** The shared/data directory: from the build's property if set, else the nearest one up the tree. */
    private static Path sharedDataDir() {
        String configured = System.getProperty("tokenshare.shared.dir");
        if (configured != null && Files.isDirectory(Path.of(configured, "data"))) {
            return Path.of(configured, "data");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isRegularFile(candidate.resolve(RANKINGS))) {
                return candidate;
            }
        }
        throw new UncheckedIOException(new IOException("no shared/data/" + RANKINGS + " in "
                + Path.of("").toAbsolutePath() + " or above; set -Dtokenshare.shared.dir to the shared directory"));
    }

    /** Lab and origin by author slug (the part before '/'); authors missing from the table are UNKNOWN. */
    private static List<AttributedModelWeek> attribute(LocalDate week, Map<String, Long> models) {
        List<AttributedModelWeek> attributed = new ArrayList<>();
        models.forEach((modelId, tokens) -> {
            String author = authorOf(modelId);
            LabOrigin known = AUTHORS.get(author);
            ModelWeekUsage usage = ModelWeekUsage.newBuilder()
                    .setModelId(modelId)
                    .setWeekStart(week)
                    .setTokens(tokens)
                    .setCategoryTokens(new HashMap<>(Map.of(ModelWeekUsages.UNCATEGORIZED, tokens)))
                    .build();
            attributed.add(AttributedModelWeek.newBuilder()
                    .setUsage(usage)
                    .setLab(known == null ? author : known.lab())
                    .setOrigin(known == null ? Origin.UNKNOWN : known.origin())
                    .setAttributedBy(known == null ? null : author)
                    .build());
        });
        return attributed;
    }

    private static String authorOf(String modelId) {
        int slash = modelId.indexOf('/');
        return slash < 0 ? modelId : modelId.substring(0, slash);
    }

    private static Origin originOf(String modelId) {
        LabOrigin known = AUTHORS.get(authorOf(modelId));
        return known == null ? Origin.UNKNOWN : known.origin();
    }

    /** Plain loop: an origin's tokens over every model of the week. */
    private static long wholePlatformTokens(LocalDate week, Origin origin) {
        long sum = 0;
        for (Map.Entry<String, Long> model : WEEKLY_TOKENS.get(week).entrySet()) {
            if (originOf(model.getKey()) == origin) {
                sum += model.getValue();
            }
        }
        return sum;
    }

    /** Plain loop: an origin's tokens over the week's nine largest real models (no 'other' bucket). */
    private static long topNineTokens(LocalDate week, Origin origin) {
        List<Map.Entry<String, Long>> realModels = new ArrayList<>();
        for (Map.Entry<String, Long> model : WEEKLY_TOKENS.get(week).entrySet()) {
            if (model.getKey().contains("/")) {
                realModels.add(model);
            }
        }
        realModels.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        long sum = 0;
        for (Map.Entry<String, Long> model : realModels.subList(0, Math.min(TOP_NINE, realModels.size()))) {
            if (originOf(model.getKey()) == origin) {
                sum += model.getValue();
            }
        }
        return sum;
    }

    private List<ShareRow> rowsOf(LocalDate week) {
        return calculator.rowsFor(week, ATTRIBUTED_WEEKS::get, true, 0);
    }

    private static long originTokens(List<ShareRow> rows, String basisLabel, Origin origin) {
        return rows.stream()
                .filter(row -> row.getBasisLabel().equals(basisLabel) && row.getDimension() == ShareDimension.ORIGIN)
                .filter(row -> row.getMember().equals(origin.name()))
                .mapToLong(ShareRow::getTokens)
                .sum();
    }

    @Test
    void theSeedArticlesFiguresForTheWeekOf9FebruaryHoldOnTheTopNineBasis() {
        List<ShareRow> rows = rowsOf(SEED_CROSSOVER_WEEK);
        long cn = originTokens(rows, "top9", Origin.CN);
        long us = originTokens(rows, "top9", Origin.US);

        assertThat(cn).isEqualTo(topNineTokens(SEED_CROSSOVER_WEEK, Origin.CN));
        assertThat(us).isEqualTo(topNineTokens(SEED_CROSSOVER_WEEK, Origin.US));
        assertThat((double) cn).isCloseTo(4.12e12, within(0.01 * 4.12e12));
        assertThat((double) us).isCloseTo(2.94e12, within(0.01 * 2.94e12));
    }

    @Test
    void onTheWholePlatformUsOriginModelsStillLeadInTheWeekOf9February() {
        List<ShareRow> rows = rowsOf(SEED_CROSSOVER_WEEK);
        long cn = originTokens(rows, "all", Origin.CN);
        long us = originTokens(rows, "all", Origin.US);

        assertThat(cn).isEqualTo(wholePlatformTokens(SEED_CROSSOVER_WEEK, Origin.CN));
        assertThat(us).isEqualTo(wholePlatformTokens(SEED_CROSSOVER_WEEK, Origin.US));
        assertThat(cn).isLessThan(us);
    }

    @Test
    void onTheWholePlatformChinaFirstLeadsInTheWeekOf23MarchFallsBackAndLeadsAgainFrom27April() {
        List<LocalDate> leadChanges = new ArrayList<>();
        List<LocalDate> leadChangesByPlainLoop = new ArrayList<>();
        boolean chinaLed = false;
        boolean chinaLedByPlainLoop = false;
        for (LocalDate week : WEEKLY_TOKENS.keySet()) {
            List<ShareRow> rows = rowsOf(week);
            boolean chinaLeads = originTokens(rows, "all", Origin.CN) > originTokens(rows, "all", Origin.US);
            if (chinaLeads != chinaLed) {
                leadChanges.add(week);
                chinaLed = chinaLeads;
            }
            boolean chinaLeadsByPlainLoop = wholePlatformTokens(week, Origin.CN) > wholePlatformTokens(week, Origin.US);
            if (chinaLeadsByPlainLoop != chinaLedByPlainLoop) {
                leadChangesByPlainLoop.add(week);
                chinaLedByPlainLoop = chinaLeadsByPlainLoop;
            }
        }

        assertThat(leadChanges).isEqualTo(leadChangesByPlainLoop);
        assertThat(leadChanges)
                .startsWith(LocalDate.of(2026, 3, 23), LocalDate.of(2026, 4, 6), LocalDate.of(2026, 4, 27));
    }
}
