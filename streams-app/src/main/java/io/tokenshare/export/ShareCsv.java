package io.tokenshare.export;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareRow;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Share rows as CSV (RFC 4180, a header line, fields with commas, quotes or line breaks quoted), one
 * row per (week_start, basis, dimension, member), ordered by week, basis (all, attributed, top N),
 * dimension and rank. Numbers are written in full, never in scientific notation; an unknown figure
 * (no week before, no price) is an empty field. {@code spend_usd} and {@code spend_share} cover only
 * {@code spend_covered_tokens} of the member's tokens ({@code spend_coverage} of them, from 0 to 1).
 * {@code days_with_data} (0 to 7) says on how many days of the week any event was counted: below 7 the
 * week is partial, such as the first and last week of a history.
 */
public final class ShareCsv {

    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "week_start",
            "basis",
            "dimension",
            "member",
            "tokens",
            "requests",
            "total_tokens",
            "share",
            "rank",
            "tokens_wow_pct",
            "share_wow_points",
            "rolling_4w_share",
            "spend_usd",
            "spend_share",
            "spend_covered_tokens",
            "spend_coverage",
            "final",
            "revision",
            "days_with_data");

    private static final Comparator<ShareRow> ORDER = Comparator.comparing(ShareRow::getWeekStart)
            .thenComparing(ShareRow::getBasis, Comparator.comparingInt(ShareBasis::ordinal))
            .thenComparing(ShareRow::getDimension)
            .thenComparingInt(ShareRow::getRank)
            .thenComparing(ShareRow::getMember);

    private static final List<Function<ShareRow, Object>> FIELDS = List.of(
            ShareRow::getWeekStart,
            ShareRow::getBasisLabel,
            row -> row.getDimension().name().toLowerCase(Locale.ROOT),
            ShareRow::getMember,
            ShareRow::getTokens,
            ShareRow::getRequests,
            ShareRow::getTotalTokens,
            ShareRow::getTokenShare,
            ShareRow::getRank,
            ShareRow::getTokensWowPct,
            ShareRow::getShareWowPoints,
            ShareRow::getRolling4wShare,
            ShareRow::getSpendUsd,
            ShareRow::getSpendShare,
            ShareRow::getSpendCoveredTokens,
            ShareCsv::spendCoverage,
            ShareRow::getFinal$,
            ShareRow::getRevision,
            ShareRow::getDaysWithData);

    private ShareCsv() {}

    /** Writes the header and the rows, sorted. */
    public static void write(Collection<ShareRow> rows, Writer out) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write('\n');
        for (ShareRow row : rows.stream().sorted(ORDER).toList()) {
            for (int i = 0; i < FIELDS.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(field(FIELDS.get(i).apply(row)));
            }
            out.write('\n');
        }
    }

    /** The share of the member's tokens its spend figures cover; unknown for a member without tokens. */
    private static Double spendCoverage(ShareRow row) {
        return row.getTokens() == 0 ? null : (double) row.getSpendCoveredTokens() / row.getTokens();
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return number(d);
        }
        String text = value.toString();
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    /** The shortest decimal that reads back as the same double, without an exponent. */
    private static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "";
        }
        String plain = new BigDecimal(Double.toString(d)).toPlainString();
        return plain.contains(".") ? plain.replaceAll("0+$", "").replaceAll("\\.$", ".0") : plain;
    }
}
