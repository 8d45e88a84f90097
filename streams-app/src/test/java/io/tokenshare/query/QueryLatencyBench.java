package io.tokenshare.query;

import io.tokenshare.query.ApiClient.Answer;
import io.tokenshare.query.QueryCluster.Instance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures query latency against two running instances with the real rankings: the same key lookups
 * asked of the instance that holds the data (local) and of the one that must forward them
 * (forwarded), plus a fan-out. One client, sequential requests over keep-alive connections, after a
 * warm-up. Not a unit test: run it by hand (see docs/README-query.md) and record the figures.
 *
 * <p>Arguments: {@code [requests per query, default 5000] [warm-up requests, default 1000]}. Writes
 * the table to {@code target/query-latency.md} as well as to standard output.
 */
public final class QueryLatencyBench {

    private static final String WEEK = "2026-03-23";

    private QueryLatencyBench() {}

    public static void main(String[] args) throws IOException {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path state = Files.createTempDirectory("tokenshare-bench");
        ApiClient api = new ApiClient();
        CsvFigures csv = CsvFigures.load();
        try (QueryCluster cluster = QueryCluster.start(state)) {
            Instance first = cluster.addInstance();
            Instance second = cluster.addInstance();
            cluster.replayShippedData();
            cluster.awaitAllWeeksFinalWithTotals(csv.weekTotals());

            List<String> rows = new ArrayList<>();
            rows.add("| query | asked of | served | p50 ms | p90 ms | p99 ms | max ms |");
            rows.add("|---|---|---|---:|---:|---:|---:|");
            String shares = "/api/v1/weeks/" + WEEK + "/shares?dimension=model&basis=all";
            measurePair(api, first, second, shares, "week shares (key lookup, ~60 rows)", requests, warmUp, rows);
            String model = csv.modelsByTokens(LocalDate.parse(WEEK)).get(0);
            measurePair(
                    api,
                    first,
                    second,
                    "/api/v1/models/" + model + "/usage",
                    "model usage (window store, key lookup)",
                    requests,
                    warmUp,
                    rows);
            String series = "/api/v1/series?dimension=origin&member=CN&basis=all";
            rows.add(measure(api, first, series, "CN series (fan-out, 93 weeks)", requests, warmUp));
            rows.add(measure(api, second, series, "CN series (fan-out, 93 weeks)", requests, warmUp));

            String table = String.join(System.lineSeparator(), rows);
            System.out.println(table);
            Path report = Path.of("target", "query-latency.md");
            Files.createDirectories(report.getParent());
            Files.writeString(report, table + System.lineSeparator());
        } finally {
            deleteRecursively(state);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The same query asked of the instance that holds its partition and of the one that forwards it. */
    private static void measurePair(
            ApiClient api,
            Instance first,
            Instance second,
            String path,
            String label,
            int requests,
            int warmUp,
            List<String> rows) {
        boolean firstForwards =
                api.get(first.url() + path).json().at("/served/forwarded").asBoolean();
        Instance holder = firstForwards ? second : first;
        Instance forwarder = firstForwards ? first : second;
        rows.add(measure(api, holder, path, label, requests, warmUp));
        rows.add(measure(api, forwarder, path, label, requests, warmUp));
    }

    private static String measure(
            ApiClient api, Instance instance, String path, String label, int requests, int warmUp) {
        Answer probe = api.get(instance.url() + path);
        if (probe.status() != 200) {
            throw new IllegalStateException(path + " answered " + probe.status() + ": " + probe.text());
        }
        for (int i = 0; i < warmUp; i++) {
            api.get(instance.url() + path);
        }
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            Answer answer = api.get(instance.url() + path);
            nanos[i] = System.nanoTime() - start;
            if (answer.status() != 200) {
                throw new IllegalStateException(
                        path + " answered " + answer.status() + " during the run: " + answer.text());
            }
        }
        Arrays.sort(nanos);
        String served = probe.json().at("/served/forwarded").asBoolean() ? "forwarded" : "local";
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %.2f | %.2f | %.2f | %.2f |",
                label,
                instance.address(),
                served,
                millis(nanos, 0.50),
                millis(nanos, 0.90),
                millis(nanos, 0.99),
                nanos[nanos.length - 1] / 1e6);
    }

    private static double millis(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
