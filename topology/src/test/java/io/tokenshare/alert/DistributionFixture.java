package io.tokenshare.alert;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.WeekDistribution;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the weekly distributions of one dimension and basis the way the share stage writes them: shares are tokens
 * over the week's total, ranks by tokens, growth against the fixture's previous week. Weeks are final unless marked.
 */
public final class DistributionFixture {

    /** Tokens of a whole week when a week is given in percentages: 1 T, so 53.2 % is 532 B tokens. */
    static final long WEEK_TOTAL = 1_000_000_000_000L;
    /** The member that receives what the named members of a percentage week leave. */
    static final String REST = "OTHER";

    private final ShareDimension dimension;
    private final ShareBasis basis;
    private final String basisLabel;
    private final List<WeekDistribution> weeks = new ArrayList<>();

    private DistributionFixture(ShareDimension dimension, ShareBasis basis, String basisLabel) {
        this.dimension = dimension;
        this.basis = basis;
        this.basisLabel = basisLabel;
    }

    public static DistributionFixture of(ShareDimension dimension, ShareBasis basis, String basisLabel) {
        return new DistributionFixture(dimension, basis, basisLabel);
    }

    public static DistributionFixture origins(ShareBasis basis, String basisLabel) {
        return of(ShareDimension.ORIGIN, basis, basisLabel);
    }

    /** A final week whose members hold the given percentages: "CN", 53.2, "US", 39.7; the rest goes to {@link #REST}. */
    public DistributionFixture percent(String weekStart, Object... memberThenPercent) {
        Map<String, Long> tokens = new LinkedHashMap<>();
        long named = 0;
        for (int i = 0; i < memberThenPercent.length; i += 2) {
            long memberTokens = Math.round(((Number) memberThenPercent[i + 1]).doubleValue() / 100.0 * WEEK_TOTAL);
            tokens.put((String) memberThenPercent[i], memberTokens);
            named += memberTokens;
        }
        if (named < WEEK_TOTAL) {
            tokens.merge(REST, WEEK_TOTAL - named, Long::sum);
        }
        return add(weekStart, tokens);
    }

    /** A final week with the given tokens per member: "CN", 7_360_000_000_000L, "US", ... */
    public DistributionFixture tokens(String weekStart, Object... memberThenTokens) {
        Map<String, Long> tokens = new LinkedHashMap<>();
        for (int i = 0; i < memberThenTokens.length; i += 2) {
            tokens.put((String) memberThenTokens[i], ((Number) memberThenTokens[i + 1]).longValue());
        }
        return add(weekStart, tokens);
    }

    /** Marks the last week partial: data on its first {@code days} days only. */
    public DistributionFixture partial(int days) {
        WeekDistribution last = weeks.remove(weeks.size() - 1);
        int mask = (1 << days) - 1;
        weeks.add(WeekDistribution.newBuilder(last)
                .setDaysWithData(days)
                .setDaysMask(mask)
                .setRows(last.getRows().stream()
                        .map(row -> ShareRow.newBuilder(row)
                                .setDaysWithData(days)
                                .setDaysMask(mask)
                                .build())
                        .toList())
                .build());
        return this;
    }

    /** Marks the last week provisional (still open). */
    public DistributionFixture provisional() {
        WeekDistribution last = weeks.remove(weeks.size() - 1);
        weeks.add(withFinal(last, false));
        return this;
    }

    public List<WeekDistribution> all() {
        return List.copyOf(weeks);
    }

    public WeekDistribution week(String weekStart) {
        LocalDate start = LocalDate.parse(weekStart);
        return weeks.stream()
                .filter(w -> w.getWeekStart().equals(start))
                .findFirst()
                .orElseThrow();
    }

    public ShareSeries series() {
        return new ShareSeries(
                dimension,
                basis,
                basisLabel,
                weeks.stream().map(WeekSnapshot::of).toList());
    }

    /** The record key the share stage gives a distribution: 'week_start|basis_label|dimension'. */
    public static String key(WeekDistribution distribution) {
        return distribution.getWeekStart() + "|" + distribution.getBasisLabel() + "|"
                + distribution.getDimension().name().toLowerCase(Locale.ROOT);
    }

    /**
     * A revision of a closed week of this fixture, in percentages as {@link #percent}, as the share stage re-emits
     * it; it also replaces the week in the fixture.
     */
    public WeekDistribution revise(String weekStart, int revision, Object... memberThenPercent) {
        WeekDistribution rows = of(dimension, basis, basisLabel)
                .percent(weekStart, memberThenPercent)
                .week(weekStart);
        return replace(rows, revision);
    }

    /**
     * A revision of a closed week of this fixture, in tokens as {@link #tokens}, whose growth is against the
     * fixture's week before it as it stands now; it also replaces the week in the fixture.
     */
    public WeekDistribution reviseTokens(String weekStart, int revision, Object... memberThenTokens) {
        DistributionFixture scratch = of(dimension, basis, basisLabel);
        LocalDate weekBefore = LocalDate.parse(weekStart).minusWeeks(1);
        weeks.stream().filter(w -> w.getWeekStart().equals(weekBefore)).forEach(scratch.weeks::add);
        return replace(scratch.tokens(weekStart, memberThenTokens).week(weekStart), revision);
    }

    private WeekDistribution replace(WeekDistribution rows, int revision) {
        WeekDistribution revised = WeekDistribution.newBuilder(rows)
                .setRevision(revision)
                .setRows(rows.getRows().stream()
                        .map(row ->
                                ShareRow.newBuilder(row).setRevision(revision).build())
                        .toList())
                .build();
        weeks.replaceAll(week -> week.getWeekStart().equals(revised.getWeekStart()) ? revised : week);
        return revised;
    }

    public static WeekDistribution withFinal(WeekDistribution distribution, boolean isFinal) {
        return WeekDistribution.newBuilder(distribution)
                .setFinal$(isFinal)
                .setRows(distribution.getRows().stream()
                        .map(row -> ShareRow.newBuilder(row).setFinal$(isFinal).build())
                        .toList())
                .build();
    }

    private DistributionFixture add(String weekStart, Map<String, Long> tokens) {
        LocalDate start = LocalDate.parse(weekStart);
        Map<String, Long> before = weeks.isEmpty() ? Map.of() : tokensOf(weeks.get(weeks.size() - 1));
        long total = tokens.values().stream().mapToLong(Long::longValue).sum();
        List<Map.Entry<String, Long>> ranked = tokens.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
                        .thenComparing(Map.Entry::getKey))
                .toList();
        List<ShareRow> rows = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            String member = ranked.get(i).getKey();
            long memberTokens = ranked.get(i).getValue();
            Long previous = before.get(member);
            rows.add(ShareRow.newBuilder()
                    .setWeekStart(start)
                    .setDimension(dimension)
                    .setBasis(basis)
                    .setBasisLabel(basisLabel)
                    .setMember(member)
                    .setTokens(memberTokens)
                    .setRequests(memberTokens / 1000)
                    .setTotalTokens(total)
                    .setTokenShare((double) memberTokens / total)
                    .setRank(i + 1)
                    .setTokensWowPct(
                            previous == null || previous == 0 ? null : (memberTokens - previous) * 100.0 / previous)
                    .setRolling4wShare((double) memberTokens / total)
                    .setFinal$(true)
                    .setComputedAt(Instant.parse("2026-01-01T00:00:00Z"))
                    .build());
        }
        weeks.add(WeekDistribution.newBuilder()
                .setWeekStart(start)
                .setDimension(dimension)
                .setBasis(basis)
                .setBasisLabel(basisLabel)
                .setFinal$(true)
                .setRevision(0)
                .setTotalTokens(total)
                .setRows(rows)
                .build());
        return this;
    }

    private static Map<String, Long> tokensOf(WeekDistribution week) {
        Map<String, Long> tokens = new HashMap<>();
        week.getRows().forEach(row -> tokens.put(row.getMember(), row.getTokens()));
        return tokens;
    }
}
