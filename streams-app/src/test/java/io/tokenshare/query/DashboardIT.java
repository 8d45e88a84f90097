package io.tokenshare.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.query.QueryCluster.Instance;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless Chromium against a running instance with the real rankings: the
 * chart has a point for every week in the stores, drawn with straight lines, a click on a week fills
 * its leaderboards, each alert kind has its marker and legend entry, the view is in the URL, the page
 * says why spend share is missing, and new figures (a new open week with priced events) appear
 * without a reload. A screenshot is left in {@code target/dashboard.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DashboardIT {

    /** Debian's packages: {@code apt-get install chromium chromium-driver}. Override with -Dtokenshare.chromium=... */
    private static final String CHROMIUM = System.getProperty("tokenshare.chromium", "/usr/bin/chromium");

    private static final String CHROMEDRIVER = System.getProperty("tokenshare.chromedriver", "/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static final LocalDate CLICKED_WEEK = LocalDate.parse("2026-03-23");
    private static final Duration PAGE_PATIENCE = Duration.ofSeconds(60);
    /** The week after the shipped data's last, filled by the live-update test. */
    private static final LocalDate NEW_WEEK = LocalDate.parse("2026-10-12");

    @TempDir
    static Path workDir;

    private final ApiClient api = new ApiClient();
    private final CsvFigures csv = CsvFigures.load();
    private QueryCluster cluster;
    private Instance instance;
    private ChromeDriverService driverService;
    private ChromeDriver browser;

    @BeforeAll
    void startAnInstanceWithTheRankingsAndABrowser() {
        assertThat(new File(CHROMIUM))
                .as("Chromium at %s: install Debian's chromium and chromium-driver", CHROMIUM)
                .canRead();
        assertThat(new File(CHROMEDRIVER).canExecute())
                .as("chromedriver at %s: install Debian's chromium-driver", CHROMEDRIVER)
                .isTrue();
        cluster = QueryCluster.start(workDir.resolve("state"));
        instance = cluster.addInstance();
        cluster.replayShippedData();
        cluster.awaitAllWeeksFinalWithTotals(csv.weekTotals());

        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + workDir.resolve("chromium-profile"),
                "--window-size=1400,1200",
                "--hide-scrollbars");
        browser = new ChromeDriver(driverService, options);
    }

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
            if (driverService != null) {
                driverService.stop();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void chartShowsEveryWeekAndAClickedWeekShowsItsLeaderboards() throws IOException {
        browser.get(instance.url() + "/");
        awaitChartOf("all");

        List<String> weeks = new ArrayList<>();
        api.get(instance.url() + "/api/v1/weeks")
                .data()
                .forEach(w -> weeks.add(w.get("week").asText()));
        assertThat(script("return window.tokenshare.chart.data.labels"))
                .as("one point per week in the stores")
                .isEqualTo(weeks);
        assertChartMatchesSeries("CN", weeks, "all");
        assertChartMatchesSeries("US", weeks, "all");

        new Select(browser.findElement(By.id("basis"))).selectByValue("attributed");
        awaitChartOf("attributed");
        assertThat(datasetOrigins())
                .as("the attributed basis has no unknown or unattributed tokens")
                .contains("CN", "US")
                .doesNotContain("UNKNOWN", "UNATTRIBUTED");
        assertChartMatchesSeries("CN", weeks, "attributed");
        new Select(browser.findElement(By.id("basis"))).selectByValue("all");
        awaitChartOf("all");

        clickWeek(weeks.indexOf(CLICKED_WEEK.toString()));
        await("the clicked week's leaderboards").atMost(PAGE_PATIENCE).until(() -> CLICKED_WEEK
                .toString()
                .equals(browser.findElement(By.id("week-details")).getDomAttribute("data-week")));
        List<WebElement> modelRows = browser.findElements(By.cssSelector("#top-models tbody tr"));
        assertThat(modelRows).hasSize(10);
        List<String> models = modelRows.stream()
                .map(row -> row.findElements(By.tagName("td")).get(1).getText())
                .toList();
        assertThat(models).isEqualTo(csv.modelsByTokens(CLICKED_WEEK).subList(0, 10));
        assertThat(browser.findElements(By.cssSelector("#top-labs tbody tr"))).hasSize(10);
        assertThat(browser.findElement(By.id("week-title")).getText())
                .contains(CLICKED_WEEK.toString())
                .contains("2026-W13");
        assertThat(browser.findElement(By.id("status")).getDomAttribute("class"))
                .doesNotContain("error");
        assertThat(script("return performance.getEntriesByType('resource').map(r => r.name)"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .as("every resource comes from the app itself")
                .isNotEmpty()
                .allSatisfy(url -> assertThat(url.toString()).startsWith(instance.url()));

        assertThat(script("return window.tokenshare.selectedWeek"))
                .as("the week marked on the chart")
                .isEqualTo(CLICKED_WEEK.toString());

        new Actions(browser)
                .moveToElement(browser.findElement(By.tagName("h1")))
                .perform();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(SCREENSHOT)).isPositive();
    }

    @Test
    @Order(2)
    void linesAreStraightAndEachAlertKindHasItsOwnMarkerAndLegendEntry() {
        browser.get(instance.url() + "/");
        awaitChartOf("all");

        assertThat(script("return window.tokenshare.chart.data.datasets.filter(d => d.origin).map(d => d.tension)"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .as("no smoothing: a curve draws shares between weeks that never occurred")
                .isNotEmpty()
                .containsOnly(0L);

        Map<String, Set<String>> weeksByKind = new TreeMap<>();
        api.get(instance.url() + "/api/v1/alerts").data().forEach(a -> {
            if (a.get("dimension").asText().equals("ORIGIN")
                    && a.get("basisLabel").asText().equals("all")
                    && !a.get("status").asText().equals("RETRACTED")) {
                weeksByKind
                        .computeIfAbsent(a.get("kind").asText(), k -> new TreeSet<>())
                        .add(a.get("weekStart").asText());
            }
        });
        assertThat(weeksByKind)
                .as("the shipped history raises alerts of several kinds")
                .hasSizeGreaterThanOrEqualTo(2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> markers = (List<Map<String, Object>>) script("const c = window.tokenshare.chart;"
                + " return c.data.datasets.filter(d => d.alerts).map(d => ({kind: d.alertKind, style: d.pointStyle, label: d.label,"
                + " weeks: c.data.labels.filter((w, i) => d.data[i] !== null)}));");
        assertThat(markers)
                .extracting(m -> m.get("style"))
                .as("one marker shape per kind")
                .doesNotHaveDuplicates();
        List<String> legend = legendTexts();
        for (Map<String, Object> marker : markers) {
            String kind = (String) marker.get("kind");
            Set<String> expected = weeksByKind.getOrDefault(kind, Set.of());
            assertThat(new TreeSet<>((List<?>) marker.get("weeks")))
                    .as("weeks marked as %s", kind)
                    .isEqualTo(expected);
            if (expected.isEmpty()) {
                assertThat(legend)
                        .as("no legend entry for a kind without alerts")
                        .doesNotContain((String) marker.get("label"));
            } else {
                assertThat(legend).contains((String) marker.get("label"));
            }
        }
        assertThat(markers).extracting(m -> m.get("kind")).containsAll(weeksByKind.keySet());

        // Partial weeks are banded as the API reports them (daysWithData below 7, or partial), open weeks as not final.
        List<String> partial = new ArrayList<>();
        List<String> open = new ArrayList<>();
        api.get(instance.url() + "/api/v1/weeks").data().forEach(w -> {
            boolean partialWeek = w.path("partial").asBoolean(false)
                    || (w.has("daysWithData") && w.get("daysWithData").asInt() < 7);
            if (partialWeek) {
                partial.add(w.get("week").asText());
            }
            if (!w.get("final").asBoolean()) {
                open.add(w.get("week").asText());
            }
        });
        // The shipped history starts on a Wednesday and ends on a Friday; two weeks lack a day at the source.
        assertThat(partial)
                .as("partial weeks of the shipped history")
                .containsExactly("2024-12-30", "2025-06-09", "2025-07-14", "2026-10-05");
        assertThat(script("return window.tokenshare.marked.partial")).isEqualTo(partial);
        assertThat(script("return window.tokenshare.marked.open")).isEqualTo(open);
    }

    @Test
    @Order(3)
    void theViewIsInTheUrlAndABookmarkOpensIt() {
        browser.get(instance.url() + "/");
        awaitChartOf("all");
        new Select(browser.findElement(By.id("basis"))).selectByValue("attributed");
        awaitChartOf("attributed");
        clickWeek(weekIndex(CLICKED_WEEK.toString()));
        await("the clicked week in the URL").atMost(PAGE_PATIENCE).until(() -> browser.getCurrentUrl()
                .endsWith("#basis=attributed&week=" + CLICKED_WEEK));

        // A bookmark, here with the week as /weeks labels it.
        browser.get(instance.url() + "/#basis=top9&week=2026-W13");
        awaitChartOf("top9");
        awaitWeekDetails(CLICKED_WEEK.toString());
        assertThat(new Select(browser.findElement(By.id("basis")))
                        .getFirstSelectedOption()
                        .getDomAttribute("value"))
                .isEqualTo("top9");
        assertThat(browser.findElement(By.id("chart-title")).getText()).contains("top 9");
        assertThat(browser.getCurrentUrl()).endsWith("#basis=top9&week=" + CLICKED_WEEK);

        // Editing the address bar's hash changes the view in place.
        script("window.noReload = true; location.hash = 'basis=all&week=2026-02-09';");
        awaitChartOf("all");
        awaitWeekDetails("2026-02-09");
        assertThat(script("return window.noReload === true")).isEqualTo(true);
    }

    @Test
    @Order(4)
    void withoutPricedTokensThePageSaysWhySpendShareIsMissing() {
        browser.get(instance.url() + "/#basis=all&week=" + CLICKED_WEEK);
        awaitChartOf("all");
        awaitWeekDetails(CLICKED_WEEK.toString());

        // The shipped rankings are daily roll-ups without an input/output split: no token can be priced.
        WebElement note = browser.findElement(By.id("spend-note"));
        assertThat(note.getDomAttribute("data-spend-known")).isEqualTo("false");
        assertThat(note.getText()).contains("No spend share", "no prices are loaded", "input/output split");
        assertThat(browser.findElement(By.id("week-spend")).getText()).contains("No spend share for this week");
        assertThat(spendCells("top-models")).hasSize(10).containsOnly("–");

        // Polls that find nothing new leave the page alone: it redraws on changes, not on a timer.
        long updates = ((Number) script("return window.tokenshare.updates")).longValue();
        long pollMillis = ((Number) script("return window.tokenshare.pollSeconds * 1000")).longValue();
        await("no redraw without a change")
                .during(Duration.ofMillis(3 * pollMillis))
                .atMost(Duration.ofMillis(4 * pollMillis))
                .until(() -> ((Number) script("return window.tokenshare.updates")).longValue() == updates);
    }

    @Test
    @Order(5)
    void newFiguresAppearWithoutAReloadAndPricedModelsShowTheirSpendShare() {
        browser.get(instance.url() + "/#basis=all&week=" + NEW_WEEK);
        awaitChartOf("all");
        script("window.noReload = true;");
        long updatesBefore = ((Number) script("return window.tokenshare.updates")).longValue();

        // A week after the shipped history, with an input/output split, for two priced models and an unpriced one.
        Instant friday = NEW_WEEK.plusDays(4).atStartOfDay(ZoneOffset.UTC).toInstant();
        cluster.publishEvents(List.of(
                event("live-gpt", "openai/gpt-5.5-20260423", friday, 1_000_000, 100_000),
                event(
                        "live-v4-pro",
                        "deepseek/deepseek-v4-pro-20260423",
                        friday.plus(Duration.ofHours(1)),
                        2_000_000,
                        1_000_000),
                event("live-unpriced", "openai/gpt-5-2025-08-07", friday.plus(Duration.ofHours(2)), 500_000, 50_000)));

        await("the new week on the chart, without a reload")
                .atMost(PAGE_PATIENCE.multipliedBy(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> chartLabels().contains(NEW_WEEK.toString()));
        assertThat(script("return window.noReload === true"))
                .as("the page was not reloaded")
                .isEqualTo(true);
        assertThat(((Number) script("return window.tokenshare.updates")).longValue())
                .isGreaterThan(updatesBefore);
        await("the open week marked").atMost(PAGE_PATIENCE).until(() -> markedOpenWeeks()
                .contains(NEW_WEEK.toString()));
        awaitWeekDetails(NEW_WEEK.toString());
        await("the new week's leaderboard")
                .atMost(PAGE_PATIENCE)
                .until(() -> browser.findElements(By.cssSelector("#top-models tbody tr"))
                                .size()
                        == 3);
        assertThat(browser.findElement(By.id("week-title")).getDomAttribute("data-open"))
                .isEqualTo("true");
        assertThat(browser.findElement(By.id("week-meta")).getText()).contains("provisional");

        // GPT-5.5 at $2.50/$15 per M: 2.50 + 1.50 = $4.00; V4-Pro after its June cut, $0.44/$0.87: 0.88 + 0.87 = $1.75.
        double gptSpend = 1.0 * 2.50 + 0.1 * 15;
        double v4ProSpend = 2.0 * 0.44 + 1.0 * 0.87;
        Map<String, JsonNode> entries = new HashMap<>();
        api.get(instance.url() + "/api/v1/weeks/" + NEW_WEEK + "/top?dimension=model")
                .data()
                .get("entries")
                .forEach(e -> entries.put(e.get("member").asText(), e));
        assertThat(entries.get("openai/gpt-5.5-20260423").get("spendShare").asDouble())
                .isCloseTo(gptSpend / (gptSpend + v4ProSpend), within(1e-9));
        assertThat(entries.get("openai/gpt-5-2025-08-07").get("spendShare").isNull())
                .isTrue();
        assertThat(entries.get("openai/gpt-5-2025-08-07")
                        .get("spendCoveredTokens")
                        .asLong())
                .isZero();
        Map<String, String> shownSpend = new HashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("#top-models tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            shownSpend.put(cells.get(1).getText(), cells.get(7).getText());
        }
        assertThat(shownSpend)
                .containsEntry(
                        "openai/gpt-5.5-20260423",
                        String.format(java.util.Locale.ROOT, "%.1f %%", 100 * gptSpend / (gptSpend + v4ProSpend)))
                .containsEntry(
                        "deepseek/deepseek-v4-pro-20260423",
                        String.format(java.util.Locale.ROOT, "%.1f %%", 100 * v4ProSpend / (gptSpend + v4ProSpend)))
                .containsEntry("openai/gpt-5-2025-08-07", "–");
        assertThat(browser.findElement(By.id("week-spend")).getText()).startsWith("Spend share:");
        await("the spend note").atMost(PAGE_PATIENCE).until(() -> "true"
                .equals(browser.findElement(By.id("spend-note")).getDomAttribute("data-spend-known")));

        // Closing the week is a change too: it turns final on the page, still without a reload.
        cluster.sendWatermarks(QueryCluster.watermarkAfter(NEW_WEEK.plusDays(6)));
        await("the new week final")
                .atMost(PAGE_PATIENCE.multipliedBy(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !markedOpenWeeks().contains(NEW_WEEK.toString()));
        await("its details final").atMost(PAGE_PATIENCE).until(() -> "false"
                .equals(browser.findElement(By.id("week-title")).getDomAttribute("data-open")));
        assertThat(script("return window.noReload === true")).isEqualTo(true);
    }

    private static TokenUsageEvent event(String id, String model, Instant at, long input, long output) {
        return TokenUsageEvent.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setModelId(model)
                .setCategory("programming")
                .setInputTokens(input)
                .setOutputTokens(output)
                .setTotalTokens(input + output)
                .setRequests(1)
                .build();
    }

    @SuppressWarnings("unchecked")
    private List<String> chartLabels() {
        return (List<String>) script("return window.tokenshare.chart ? window.tokenshare.chart.data.labels : []");
    }

    @SuppressWarnings("unchecked")
    private List<String> markedOpenWeeks() {
        return (List<String>) script("return window.tokenshare.marked.open");
    }

    @SuppressWarnings("unchecked")
    private List<String> legendTexts() {
        return (List<String>) script("return window.tokenshare.chart.legend.legendItems.map(i => i.text)");
    }

    private List<String> spendCells(String table) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(7).getText())
                .toList();
    }

    private int weekIndex(String week) {
        return chartLabels().indexOf(week);
    }

    private void awaitWeekDetails(String week) {
        await("the leaderboards of " + week)
                .atMost(PAGE_PATIENCE)
                .until(() ->
                        week.equals(browser.findElement(By.id("week-details")).getDomAttribute("data-week")));
    }

    private void awaitChartOf(String basis) {
        await("the chart on basis " + basis)
                .atMost(PAGE_PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Boolean.TRUE.equals(
                        script("const t = window.tokenshare; return Boolean(t && t.chart && !t.loading && t.basis === '"
                                + basis + "' && t.chart.data.labels.length > 0)")));
    }

    @SuppressWarnings("unchecked")
    private List<String> datasetOrigins() {
        return (List<String>)
                script("return window.tokenshare.chart.data.datasets.filter(d => d.origin).map(d => d.origin)");
    }

    /** The origin's line holds its share of every week, in percent; weeks without its tokens at zero. */
    @SuppressWarnings("unchecked")
    private void assertChartMatchesSeries(String origin, List<String> weeks, String basis) {
        List<Number> plotted = (List<Number>)
                script("return window.tokenshare.chart.data.datasets.find(d => d.origin === '" + origin + "').data");
        JsonNode points = api.get(instance.url() + "/api/v1/series?member=" + origin + "&basis=" + basis)
                .data()
                .get("points");
        Map<String, Double> shares = new HashMap<>();
        points.forEach(
                p -> shares.put(p.get("week").asText(), p.get("tokenShare").asDouble() * 100));
        assertThat(plotted).hasSameSizeAs(weeks);
        for (int i = 0; i < weeks.size(); i++) {
            assertThat(plotted.get(i).doubleValue())
                    .as("%s on %s, week %s", origin, basis, weeks.get(i))
                    .isCloseTo(shares.getOrDefault(weeks.get(i), 0.0), within(1e-9));
        }
    }

    /** Clicks the chart where the week's points are, as a user would. */
    @SuppressWarnings("unchecked")
    private void clickWeek(int index) {
        assertThat(index).isNotNegative();
        Map<String, Number> target = (Map<String, Number>) script("const c = window.tokenshare.chart;"
                + " return {x: c.scales.x.getPixelForValue(" + index
                + "), y: (c.chartArea.top + c.chartArea.bottom) / 2,"
                + " width: c.canvas.getBoundingClientRect().width, height: c.canvas.getBoundingClientRect().height};");
        WebElement canvas = browser.findElement(By.id("share-chart"));
        int fromCenterX = (int)
                Math.round(target.get("x").doubleValue() - target.get("width").doubleValue() / 2);
        int fromCenterY = (int)
                Math.round(target.get("y").doubleValue() - target.get("height").doubleValue() / 2);
        new Actions(browser)
                .moveToElement(canvas, fromCenterX, fromCenterY)
                .click()
                .perform();
    }

    private Object script(String javascript) {
        return ((JavascriptExecutor) browser).executeScript(javascript);
    }
}
