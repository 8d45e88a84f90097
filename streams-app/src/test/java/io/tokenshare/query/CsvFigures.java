package io.tokenshare.query;

import io.tokenshare.replay.ShippedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Weekly figures computed straight from the shipped CSV files with plain loops, independently of the
 * app's code: the expectations the API's answers are checked against.
 */
final class CsvFigures {

    static final Set<String> NOT_ATTRIBUTED = Set.of("UNKNOWN", "UNATTRIBUTED");

    /** Week (Monday) to model id to tokens. */
    final Map<LocalDate, Map<String, Long>> modelTokens = new TreeMap<>();
    /** Author slug to origin code, from the origin table. */
    final Map<String, String> authorOrigins = new HashMap<>();

    long rows;

    static CsvFigures load() {
        CsvFigures figures = new CsvFigures();
        List<String> origins = lines(ShippedData.ORIGINS);
        for (String line : origins.subList(1, origins.size())) {
            String[] fields = line.split(",", 4);
            figures.authorOrigins.put(fields[0], fields[2]);
        }
        List<String> rankings = lines(ShippedData.RANKINGS);
        for (String line : rankings.subList(1, rankings.size())) {
            String[] fields = line.split(",");
            LocalDate monday = LocalDate.parse(fields[0]).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            figures.modelTokens
                    .computeIfAbsent(monday, w -> new TreeMap<>())
                    .merge(fields[1], Long.parseLong(fields[2]), Long::sum);
            figures.rows++;
        }
        return figures;
    }

    /** The origin of a model: its author's row, or UNKNOWN when the table has none. */
    String originOf(String modelId) {
        int slash = modelId.indexOf('/');
        String author = slash < 0 ? modelId : modelId.substring(0, slash);
        return authorOrigins.getOrDefault(author, "UNKNOWN");
    }

    /** Every week's total tokens, keyed by the Monday's ISO date. */
    Map<String, Long> weekTotals() {
        Map<String, Long> totals = new TreeMap<>();
        modelTokens.keySet().forEach(week -> totals.put(week.toString(), totalTokens(week)));
        return totals;
    }

    long totalTokens(LocalDate week) {
        return modelTokens.get(week).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /** Tokens by origin in a week; {@code attributedOnly} leaves out UNKNOWN and UNATTRIBUTED. */
    Map<String, Long> originTokens(LocalDate week, boolean attributedOnly) {
        Map<String, Long> byOrigin = new TreeMap<>();
        modelTokens.get(week).forEach((model, tokens) -> {
            String origin = originOf(model);
            if (!attributedOnly || !NOT_ATTRIBUTED.contains(origin)) {
                byOrigin.merge(origin, tokens, Long::sum);
            }
        });
        return byOrigin;
    }

    /** An origin's share of a week, from 0 to 1. */
    double originShare(LocalDate week, String origin, boolean attributedOnly) {
        Map<String, Long> byOrigin = originTokens(week, attributedOnly);
        long total = byOrigin.values().stream().mapToLong(Long::longValue).sum();
        return (double) byOrigin.getOrDefault(origin, 0L) / total;
    }

    /** A week's models by tokens, most first (ties by id). */
    List<String> modelsByTokens(LocalDate week) {
        return modelTokens.get(week).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static List<String> lines(String resource) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(ShippedData.open(resource), StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
