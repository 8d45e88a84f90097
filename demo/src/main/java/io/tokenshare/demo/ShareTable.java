package io.tokenshare.demo;

import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The weekly share table by origin on one basis, as the demo prints it: one line per ISO week with the
 * shares of China, the US and Europe, everything else together, and the week's total tokens.
 */
final class ShareTable {

    private static final Set<Origin> OWN_COLUMNS = EnumSet.of(Origin.CN, Origin.US, Origin.EU);
    private static final String LINE = "%-10s  %6s  %6s  %6s  %15s  %22s%n";

    private ShareTable() {}

    /** Prints the table of {@code basisLabel} from the origin rows, with a title line; a final mark per week. */
    static void print(Collection<ShareRow> originRows, String basisLabel, String title, PrintWriter out) {
        Map<LocalDate, WeekLine> weeks = new TreeMap<>();
        for (ShareRow row : originRows) {
            if (row.getDimension() == ShareDimension.ORIGIN
                    && row.getBasisLabel().equals(basisLabel)) {
                weeks.computeIfAbsent(row.getWeekStart(), w -> new WeekLine()).add(row);
            }
        }
        out.println();
        out.println(title);
        out.printf(LINE, "week", "CN %", "US %", "EU %", "other/unknown %", "total tokens");
        weeks.forEach((week, line) -> out.printf(
                LINE,
                week,
                percent(line.cn),
                percent(line.us),
                percent(line.eu),
                percent(line.rest),
                String.format(Locale.ROOT, "%,d", line.total) + (line.allFinal ? "" : " (open)")));
        if (weeks.isEmpty()) {
            out.println("(no weeks: no event was counted)");
        }
        out.flush();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f", share * 100);
    }

    /** One week's shares, summed from its origin rows. */
    private static final class WeekLine {
        double cn;
        double us;
        double eu;
        double rest;
        long total;
        boolean allFinal = true;

        void add(ShareRow row) {
            total = row.getTotalTokens();
            allFinal &= row.getFinal$();
            Origin origin = Origin.valueOf(row.getMember());
            if (!OWN_COLUMNS.contains(origin)) {
                rest += row.getTokenShare();
            } else if (origin == Origin.CN) {
                cn = row.getTokenShare();
            } else if (origin == Origin.US) {
                us = row.getTokenShare();
            } else {
                eu = row.getTokenShare();
            }
        }
    }
}
