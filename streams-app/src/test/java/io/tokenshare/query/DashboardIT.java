package io.tokenshare.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenshare.query.QueryCluster.Instance;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless Chromium against a running instance with the real rankings: the
 * chart has a point for every week in the stores, a click on a week fills its leaderboards, and a
 * screenshot is left in {@code target/dashboard.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

    /** Debian's packages: {@code apt-get install chromium chromium-driver}. Override with -Dtokenshare.chromium=... */
    private static final String CHROMIUM = System.getProperty("tokenshare.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("tokenshare.chromedriver", "/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static final LocalDate CLICKED_WEEK = LocalDate.parse("2026-03-23");
    private static final Duration PAGE_PATIENCE = Duration.ofSeconds(30);

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
        assertThat(new File(CHROMIUM)).as("Chromium at %s: install Debian's chromium and chromium-driver", CHROMIUM).canRead();
        assertThat(new File(CHROMEDRIVER).canExecute()).as("chromedriver at %s: install Debian's chromium-driver", CHROMEDRIVER).isTrue();
        cluster = QueryCluster.start(workDir.resolve("state"));
        instance = cluster.addInstance();
        cluster.replayShippedData();
        cluster.awaitAllWeeksFinalWithTotals(csv.weekTotals());

        driverService = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + workDir.resolve("chromium-profile"),
                "--window-size=1400,1200", "--hide-scrollbars");
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
    void chartShowsEveryWeekAndAClickedWeekShowsItsLeaderboards() throws IOException {
        browser.get(instance.url() + "/");
        awaitChartOf("all");

        List<String> weeks = new ArrayList<>();
        api.get(instance.url() + "/api/v1/weeks").data().forEach(w -> weeks.add(w.get("week").asText()));
        assertThat(script("return window.tokenshare.chart.data.labels")).as("one point per week in the stores").isEqualTo(weeks);
        assertChartMatchesSeries("CN", weeks, "all");
        assertChartMatchesSeries("US", weeks, "all");

        new Select(browser.findElement(By.id("basis"))).selectByValue("attributed");
        awaitChartOf("attributed");
        assertThat(datasetOrigins()).as("the attributed basis has no unknown or unattributed tokens")
                .contains("CN", "US").doesNotContain("UNKNOWN", "UNATTRIBUTED");
        assertChartMatchesSeries("CN", weeks, "attributed");
        new Select(browser.findElement(By.id("basis"))).selectByValue("all");
        awaitChartOf("all");

        clickWeek(weeks.indexOf(CLICKED_WEEK.toString()));
        await("the clicked week's leaderboards").atMost(PAGE_PATIENCE).until(() -> CLICKED_WEEK.toString()
                .equals(browser.findElement(By.id("week-details")).getDomAttribute("data-week")));
        List<WebElement> modelRows = browser.findElements(By.cssSelector("#top-models tbody tr"));
        assertThat(modelRows).hasSize(10);
        List<String> models = modelRows.stream().map(row -> row.findElements(By.tagName("td")).get(1).getText()).toList();
        assertThat(models).isEqualTo(csv.modelsByTokens(CLICKED_WEEK).subList(0, 10));
        assertThat(browser.findElements(By.cssSelector("#top-labs tbody tr"))).hasSize(10);
        assertThat(browser.findElement(By.id("week-title")).getText()).contains(CLICKED_WEEK.toString()).contains("2026-W13");
        assertThat(browser.findElement(By.id("status")).getDomAttribute("class")).doesNotContain("error");
        assertThat(script("return performance.getEntriesByType('resource').map(r => r.name)")).asList()
                .as("every resource comes from the app itself").isNotEmpty()
                .allSatisfy(url -> assertThat(url.toString()).startsWith(instance.url()));

        assertThat(script("return window.tokenshare.selectedWeek")).as("the week marked on the chart").isEqualTo(CLICKED_WEEK.toString());

        new Actions(browser).moveToElement(browser.findElement(By.tagName("h1"))).perform();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(SCREENSHOT)).isPositive();
    }

    private void awaitChartOf(String basis) {
        await("the chart on basis " + basis).atMost(PAGE_PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> Boolean.TRUE.equals(
                script("const t = window.tokenshare; return Boolean(t && t.chart && !t.loading && t.basis === '" + basis
                        + "' && t.chart.data.labels.length > 0)")));
    }

    @SuppressWarnings("unchecked")
    private List<String> datasetOrigins() {
        return (List<String>) script("return window.tokenshare.chart.data.datasets.filter(d => d.origin).map(d => d.origin)");
    }

    /** The origin's line holds its share of every week, in percent; weeks without its tokens at zero. */
    @SuppressWarnings("unchecked")
    private void assertChartMatchesSeries(String origin, List<String> weeks, String basis) {
        List<Number> plotted = (List<Number>) script("return window.tokenshare.chart.data.datasets.find(d => d.origin === '"
                + origin + "').data");
        JsonNode points = api.get(instance.url() + "/api/v1/series?member=" + origin + "&basis=" + basis).data().get("points");
        Map<String, Double> shares = new HashMap<>();
        points.forEach(p -> shares.put(p.get("week").asText(), p.get("tokenShare").asDouble() * 100));
        assertThat(plotted).hasSameSizeAs(weeks);
        for (int i = 0; i < weeks.size(); i++) {
            assertThat(plotted.get(i).doubleValue()).as("%s on %s, week %s", origin, basis, weeks.get(i))
                    .isCloseTo(shares.getOrDefault(weeks.get(i), 0.0), within(1e-9));
        }
    }

    /** Clicks the chart where the week's points are, as a user would. */
    @SuppressWarnings("unchecked")
    private void clickWeek(int index) {
        assertThat(index).isNotNegative();
        Map<String, Number> target = (Map<String, Number>) script("const c = window.tokenshare.chart;"
                + " return {x: c.scales.x.getPixelForValue(" + index + "), y: (c.chartArea.top + c.chartArea.bottom) / 2,"
                + " width: c.canvas.getBoundingClientRect().width, height: c.canvas.getBoundingClientRect().height};");
        WebElement canvas = browser.findElement(By.id("share-chart"));
        int fromCenterX = (int) Math.round(target.get("x").doubleValue() - target.get("width").doubleValue() / 2);
        int fromCenterY = (int) Math.round(target.get("y").doubleValue() - target.get("height").doubleValue() / 2);
        new Actions(browser).moveToElement(canvas, fromCenterX, fromCenterY).click().perform();
    }

    private Object script(String javascript) {
        return ((JavascriptExecutor) browser).executeScript(javascript);
    }
}
