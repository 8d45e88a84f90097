package io.tokenshare.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenshare.query.ApiClient.Answer;
import io.tokenshare.query.QueryCluster.Instance;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tokenshare instances of one application on one real broker, the real rankings replayed through
 * them: every endpoint answers the same from either instance, key lookups owned elsewhere are
 * forwarded, the figures match the CSV, and a restarting instance answers 503, never wrong data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class QueryApiIT {

    /** The seed articles' week: China-origin models first lead the top nine. */
    private static final LocalDate FEBRUARY_9 = LocalDate.parse("2026-02-09");
    /** The week China-origin tokens first exceed US-origin tokens on the whole platform (data README). */
    private static final LocalDate MARCH_23 = LocalDate.parse("2026-03-23");

    private static final double SHARE_TOLERANCE = 1e-12;

    @TempDir
    static Path stateRoot;

    private final ApiClient api = new ApiClient();
    private final CsvFigures csv = CsvFigures.load();
    private QueryCluster cluster;
    private Instance first;
    private Instance second;

    @BeforeAll
    void startTwoInstancesAndReplayTheRankings() {
        cluster = QueryCluster.start(stateRoot);
        first = cluster.addInstance();
        second = cluster.addInstance();
        long published = cluster.replayShippedData();
        assertThat(published).isEqualTo(csv.rows);
        cluster.awaitAllWeeksFinalWithTotals(csv.weekTotals());
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyWeekOfTheCsvIsKnownFinalWithItsTotal() {
        JsonNode weeks = ok(first.url() + "/api/v1/weeks").data();
        weeks.forEach(w -> assertThat(w.get("final").asBoolean())
                .as("week %s final", w.get("week"))
                .isTrue());
        Map<String, Long> totals = new TreeMap<>();
        weeks.forEach(w -> totals.put(w.get("week").asText(), w.get("tokens").asLong()));
        assertThat(totals).isEqualTo(csv.weekTotals());
    }

    @Test
    @Order(2)
    void originSharesMatchTheCsvOnEveryBasis() {
        for (LocalDate week : List.of(FEBRUARY_9, MARCH_23)) {
            for (boolean attributed : List.of(false, true)) {
                String basis = attributed ? "attributed" : "all";
                JsonNode rows = ok(first.url() + "/api/v1/weeks/" + week + "/shares?dimension=origin&basis=" + basis)
                        .data()
                        .get("rows");
                Map<String, Long> tokens = new TreeMap<>();
                rows.forEach(row -> {
                    tokens.put(row.get("member").asText(), row.get("tokens").asLong());
                    assertThat(row.get("tokenShare").asDouble())
                            .as("%s %s %s", week, basis, row.get("member"))
                            .isCloseTo(
                                    csv.originShare(week, row.get("member").asText(), attributed),
                                    within(SHARE_TOLERANCE));
                });
                assertThat(tokens).as("%s on basis %s", week, basis).isEqualTo(csv.originTokens(week, attributed));
            }
        }
        double china = ok(first.url() + "/api/v1/weeks/" + MARCH_23 + "/shares")
                .data()
                .get("rows")
                .get(0)
                .get("tokenShare")
                .asDouble();
        assertThat(china).as("CN leads the week of %s", MARCH_23).isEqualTo(csv.originShare(MARCH_23, "CN", false));
    }

    @Test
    @Order(3)
    void chinaSeriesMatchesTheCsvEveryWeek() {
        JsonNode points = ok(second.url() + "/api/v1/series?dimension=origin&member=CN&basis=all")
                .data()
                .get("points");
        Map<LocalDate, JsonNode> byWeek = new HashMap<>();
        points.forEach(p -> byWeek.put(LocalDate.parse(p.get("week").asText()), p));
        for (LocalDate week : csv.modelTokens.keySet()) {
            long chinaTokens = csv.originTokens(week, false).getOrDefault("CN", 0L);
            if (chinaTokens == 0) {
                assertThat(byWeek).doesNotContainKey(week);
                continue;
            }
            JsonNode point = byWeek.get(week);
            assertThat(point).as("series point of %s", week).isNotNull();
            assertThat(point.get("tokens").asLong()).isEqualTo(chinaTokens);
            assertThat(point.get("tokenShare").asDouble())
                    .isCloseTo(csv.originShare(week, "CN", false), within(SHARE_TOLERANCE));
            assertThat(point.get("rolling4wShare").asDouble())
                    .as("rolling share of %s", week)
                    .isCloseTo(rollingChinaShare(week), within(SHARE_TOLERANCE));
        }
    }

    @Test
    @Order(4)
    void leaderboardMatchesTheCsv() {
        JsonNode entries = ok(first.url() + "/api/v1/weeks/" + FEBRUARY_9 + "/top?dimension=model&limit=10")
                .data()
                .get("entries");
        List<String> members = new ArrayList<>();
        entries.forEach(e -> members.add(e.get("member").asText()));
        assertThat(members).isEqualTo(csv.modelsByTokens(FEBRUARY_9).subList(0, 10));
        entries.forEach(e -> assertThat(e.get("origin").asText())
                .as(e.get("member").asText())
                .isEqualTo(csv.originOf(e.get("member").asText())));
    }

    @Test
    @Order(5)
    void modelUsageMatchesTheCsvForModelsOnEveryPartition() {
        for (String model : csv.modelsByTokens(FEBRUARY_9).subList(0, 12)) {
            JsonNode weeks = ok(second.url() + "/api/v1/models/" + model + "/usage")
                    .data()
                    .get("weeks");
            Map<String, Long> tokens = new TreeMap<>();
            weeks.forEach(
                    w -> tokens.put(w.get("week").asText(), w.get("tokens").asLong()));
            Map<String, Long> expected = new TreeMap<>();
            csv.modelTokens.forEach((week, models) -> {
                if (models.containsKey(model)) {
                    expected.put(week.toString(), models.get(model));
                }
            });
            assertThat(tokens).as(model).isEqualTo(expected);
        }
    }

    @Test
    @Order(6)
    void everyEndpointAnswersTheSameFromEitherInstance() {
        for (String path : endpoints()) {
            Answer fromFirst = ok(first.url() + path);
            Answer fromSecond = ok(second.url() + path);
            assertThat(fromSecond.data()).as(path).isEqualTo(fromFirst.data());
            assertThat(fromFirst.json().at("/served/receivedBy").asText()).isEqualTo(first.address());
            assertThat(fromSecond.json().at("/served/receivedBy").asText()).isEqualTo(second.address());
            assertThat(sources(fromFirst))
                    .as("the same partitions answer %s", path)
                    .isEqualTo(sources(fromSecond));
        }
    }

    @Test
    @Order(7)
    void keyLookupsOwnedElsewhereAreForwardedAndSaySo() {
        Answer fromFirst = ok(first.url() + "/api/v1/weeks/" + FEBRUARY_9 + "/shares");
        Answer fromSecond = ok(second.url() + "/api/v1/weeks/" + FEBRUARY_9 + "/shares");
        assertThat(List.of(forwarded(fromFirst), forwarded(fromSecond)))
                .as("exactly one instance holds share-rows")
                .containsExactlyInAnyOrder(true, false);
        JsonNode source = fromFirst.json().at("/served/sources/0");
        assertThat(source.get("store").asText()).isEqualTo("share-rows");
        assertThat(source.get("role").asText()).isEqualTo("ACTIVE");

        Set<String> usageServers = new HashSet<>();
        for (String model : csv.modelsByTokens(FEBRUARY_9).subList(0, 12)) {
            Answer here = ok(first.url() + "/api/v1/models/" + model + "/usage");
            Answer there = ok(second.url() + "/api/v1/models/" + model + "/usage");
            assertThat(List.of(forwarded(here), forwarded(there))).as(model).containsExactlyInAnyOrder(true, false);
            usageServers.add(here.json().at("/served/sources/0/instance").asText());
        }
        assertThat(usageServers)
                .as("model-week-usage partitions live on both instances")
                .containsExactlyInAnyOrder(first.address(), second.address());

        Instance forwarder = forwarded(fromFirst) ? first : second;
        assertThat(metric(forwarder, "tokenshare_query_forwarded_total", "query=\"week-shares\""))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(8)
    void badRequestsSayWhatIsWrongAndWhatIsExpected() {
        assertBadRequest("/api/v1/weeks/2026-02-10/shares", "week", "Monday");
        assertBadRequest("/api/v1/weeks/last-week/shares", "week", "Monday");
        assertBadRequest(
                "/api/v1/weeks/" + FEBRUARY_9 + "/shares?dimension=country", "dimension", "origin, lab, model");
        assertBadRequest("/api/v1/weeks/" + FEBRUARY_9 + "/shares?basis=top5", "basis", "all, attributed, top9");
        assertBadRequest("/api/v1/weeks/" + FEBRUARY_9 + "/top?limit=0", "limit", "from 1 to 1000");
        assertBadRequest("/api/v1/weeks/" + FEBRUARY_9 + "/top?limit=ten", "limit", "from 1 to 1000");
        assertBadRequest("/api/v1/series?member=CN&from=2026-03-01", "from", "Monday");
        assertBadRequest("/api/v1/series?member=CN&from=2026-03-02&to=2026-02-02", "from", "on or before");
        assertBadRequest("/api/v1/series?dimension=origin", "member", "CN");
        assertBadRequest("/api/v1/weeks?verbose=true", "verbose", "no query parameters");
        assertBadRequest("/api/v1/alerts?kind=EARTHQUAKE", "kind", "CROSSOVER");
        assertBadRequest("/api/v1/weeks/" + FEBRUARY_9 + "/shares?basis=all&basis=top9", "basis", "once");

        Answer notFound = api.get(first.url() + "/api/v1/weeks/2019-01-07/shares");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.json().get("message").asText()).contains("/api/v1/weeks");
        Answer noRoute = api.get(first.url() + "/api/v2/weeks");
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.json().get("error").asText()).isEqualTo("not_found");
        Answer post = api.send(HttpRequest.newBuilder(URI.create(first.url() + "/api/v1/weeks"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.json().get("message").asText()).contains("read-only");
        Answer badUri = api.get(first.url() + "/api/v1/models/a%2F..%2Fb/usage");
        assertThat(badUri.status()).isBetween(400, 499);
        assertThat(badUri.contentType()).startsWith("application/json");
        for (Answer answer : List.of(notFound, noRoute, post, badUri)) {
            assertThat(answer.text()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    @Order(9)
    void metricsCountEveryEventAndBothInstancesAreReady() {
        long counted = metric(first, "tokenshare_events_counted_total", "")
                + metric(second, "tokenshare_events_counted_total", "");
        assertThat(counted).as("events counted by the two instances together").isEqualTo(csv.rows);
        for (Instance instance : List.of(first, second)) {
            String metrics = api.get(instance.url() + "/metrics").text();
            assertThat(metrics)
                    .contains("kafka_stream_thread_")
                    .contains("tokenshare_dead_letters_total{reason=\"LATE_BEYOND_GRACE\"}")
                    .contains("tokenshare_http_requests_seconds_bucket");
            assertThat(api.get(instance.url() + "/health/live").status()).isEqualTo(200);
            Answer ready = api.get(instance.url() + "/health/ready");
            assertThat(ready.status()).as(ready.text()).isEqualTo(200);
            assertThat(ready.json().get("status").asText()).isEqualTo("READY");
        }
        Answer alerts = ok(first.url() + "/api/v1/alerts?kind=crossover");
        assertThat(ok(second.url() + "/api/v1/alerts?kind=crossover").data()).isEqualTo(alerts.data());
        List<String> allBasisCrossings = new ArrayList<>();
        alerts.data().forEach(a -> {
            if (a.get("ruleId").asText().equals("cn-us-crossover-all")) {
                allBasisCrossings.add(a.get("weekStart").asText());
            }
        });
        // Newest first; on the whole platform CN passes US on 03-23, falls back on 04-06, passes again on 04-27.
        assertThat(allBasisCrossings).containsSubsequence("2026-04-27", "2026-04-06", "2026-03-23");
    }

    @Test
    @Order(10)
    void aRestartingInstanceAnswers503NeverWrongData() {
        Map<String, JsonNode> truth = new TreeMap<>();
        List<String> paths = restartProbes();
        paths.forEach(path -> truth.put(path, ok(first.url() + path).data()));
        List<Observed> observed = new ArrayList<>();

        second.stop();
        await("the first instance answers everything alone")
                .atMost(QueryCluster.PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> observeAll(first, paths, observed));

        cluster.restart(second);
        Answer rightAfterStart = api.get(second.url() + paths.get(0));
        observed.add(new Observed(second, paths.get(0), rightAfterStart));
        await("both instances answer everything again")
                .atMost(QueryCluster.PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> observeAll(second, paths, observed) & observeAll(first, paths, observed));

        for (Observed o : observed) {
            if (o.answer().status() == 200) {
                assertThat(o.answer().data())
                        .as("%s from %s", o.path(), o.instance().address())
                        .isEqualTo(truth.get(o.path()));
            } else {
                assertThat(o.answer().status())
                        .as(
                                "%s from %s: %s",
                                o.path(), o.instance().address(), o.answer().text())
                        .isEqualTo(503);
                assertThat(o.answer().retryAfter()).contains(Integer.toString(QueryServer.RETRY_AFTER_SECONDS));
                assertThat(o.answer().json().get("error").asText()).isEqualTo("unavailable");
            }
        }
        assertThat(rightAfterStart.status())
                .as("a query right after the restart: %s", rightAfterStart.text())
                .isEqualTo(503);
        assertThat(observed)
                .as("answers seen during the restart")
                .anyMatch(o -> o.answer().status() == 200);
    }

    private record Observed(Instance instance, String path, Answer answer) {}

    private boolean observeAll(Instance instance, List<String> paths, List<Observed> observed) {
        boolean allOk = true;
        for (String path : paths) {
            Answer answer = api.get(instance.url() + path);
            observed.add(new Observed(instance, path, answer));
            allOk &= answer.status() == 200;
        }
        return allOk;
    }

    private List<String> restartProbes() {
        List<String> probes = new ArrayList<>(List.of(
                "/api/v1/weeks/" + MARCH_23 + "/shares",
                "/api/v1/weeks",
                "/api/v1/series?member=US&from=2026-01-05&to=2026-06-29"));
        csv.modelsByTokens(MARCH_23).subList(0, 4).forEach(model -> probes.add("/api/v1/models/" + model + "/usage"));
        return probes;
    }

    private List<String> endpoints() {
        List<String> paths = new ArrayList<>(List.of(
                "/api/v1/weeks",
                "/api/v1/alerts",
                "/api/v1/alerts?kind=crossover&from=2026-01-05",
                "/api/v1/series?dimension=origin&member=CN&basis=all&from=2025-01-06&to=2026-10-05",
                "/api/v1/series?dimension=origin&member=US&basis=attributed",
                "/api/v1/series?dimension=lab&member=DeepSeek&basis=top9"));
        for (LocalDate week : List.of(FEBRUARY_9, MARCH_23)) {
            for (String dimension : List.of("origin", "lab", "model", "category", "category_origin")) {
                for (String basis : List.of("all", "attributed", "top9")) {
                    paths.add("/api/v1/weeks/" + week + "/shares?dimension=" + dimension + "&basis=" + basis);
                }
                paths.add("/api/v1/weeks/" + week + "/top?dimension=" + dimension + "&limit=5");
            }
        }
        csv.modelsByTokens(FEBRUARY_9)
                .subList(0, 8)
                .forEach(model -> paths.add("/api/v1/models/" + model + "/usage?from=2025-12-29"));
        return paths;
    }

    /** China's tokens over the week and the three before it, over all tokens of those weeks. */
    private double rollingChinaShare(LocalDate week) {
        long china = 0;
        long total = 0;
        for (int back = 0; back < 4; back++) {
            LocalDate earlier = week.minusWeeks(back);
            if (csv.modelTokens.containsKey(earlier)) {
                china += csv.originTokens(earlier, false).getOrDefault("CN", 0L);
                total += csv.totalTokens(earlier);
            }
        }
        return (double) china / total;
    }

    private void assertBadRequest(String path, String parameter, String expectedHint) {
        Answer answer = api.get(first.url() + path);
        assertThat(answer.status()).as(path + ": " + answer.text()).isEqualTo(400);
        JsonNode body = answer.json();
        assertThat(body.get("error").asText()).isEqualTo("bad_request");
        assertThat(body.get("parameter").asText()).as(path).isEqualTo(parameter);
        assertThat(body.get("message").asText() + " " + body.get("expected").asText())
                .as(path)
                .contains(expectedHint);
        assertThat(answer.text()).doesNotContain("Exception");
    }

    private Answer ok(String url) {
        Answer answer = api.get(url);
        assertThat(answer.status()).as(url + ": " + answer.text()).isEqualTo(200);
        return answer;
    }

    private static boolean forwarded(Answer answer) {
        return answer.json().at("/served/forwarded").asBoolean();
    }

    private static List<String> sources(Answer answer) {
        List<String> sources = new ArrayList<>();
        answer.json()
                .at("/served/sources")
                .forEach(s -> sources.add(
                        s.get("instance").asText() + " " + s.get("role").asText() + " " + s.get("partitions")));
        return sources;
    }

    private long metric(Instance instance, String name, String labelPart) {
        Pattern line = Pattern.compile("^" + name + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(api.get(instance.url() + "/metrics").text());
        double sum = 0;
        while (matcher.find()) {
            if (labelPart.isEmpty()
                    || (matcher.group(1) != null && matcher.group(1).contains(labelPart))) {
                sum += Double.parseDouble(matcher.group(2));
            }
        }
        return (long) sum;
    }
}
