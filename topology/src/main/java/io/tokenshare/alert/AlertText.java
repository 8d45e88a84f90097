package io.tokenshare.alert;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The words and number formats of alert messages, so that every rule speaks the same way. */
final class AlertText {

    private static final Map<String, String> ORIGIN_NAMES = Map.of(
            "CN", "China-origin models",
            "US", "US-origin models",
            "EU", "EU-origin models",
            "OTHER", "models of other origins",
            "UNATTRIBUTED", "unattributed models",
            "UNKNOWN", "models of unknown origin");
    private static final Pattern TOP_N = Pattern.compile("top(\\d+)");

    private AlertText() {}

    /** How people call a member: origin codes become "China-origin models" and the like, other members stay as is. */
    static String memberName(ShareDimension dimension, String member) {
        if (dimension == ShareDimension.ORIGIN) {
            return ORIGIN_NAMES.getOrDefault(member, member + "-origin models");
        }
        return member;
    }

    /** "China-origin models'" or "deepseek/deepseek-v3.2's". */
    static String possessive(String name) {
        return name.endsWith("s") ? name + "'" : name + "'s";
    }

    /** What the shares are of: "all tokens", "attributed tokens", "the top-9 models' tokens". */
    static String basisPhrase(ShareBasis basis, String basisLabel) {
        return switch (basis) {
            case ALL -> "all tokens";
            case ATTRIBUTED -> "attributed tokens";
            case TOP_N -> {
                Matcher top = TOP_N.matcher(basisLabel);
                yield top.matches() ? "the top-" + top.group(1) + " models' tokens" : "the top models' tokens";
            }
        };
    }

    /** A share (0 to 1) as "53.2 %". */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100.0);
    }

    /** A level (0 to 1) as written, without trailing zeros: "50 %", "47.5 %". */
    static String level(double level) {
        return BigDecimal.valueOf(level * 100.0)
                        .setScale(6, RoundingMode.HALF_UP)
                        .stripTrailingZeros()
                        .toPlainString() + " %";
    }

    /** A growth in percent as "56.9 %". */
    static String growth(double pct) {
        return String.format(Locale.ROOT, "%.1f %%", pct);
    }

    /** A token count with its order of magnitude: "7.36 T", "412 B", "1.50 M". */
    static String tokens(long tokens) {
        double abs = Math.abs((double) tokens);
        if (abs >= 1e12) {
            return threeDigits(tokens / 1e12) + " T";
        }
        if (abs >= 1e9) {
            return threeDigits(tokens / 1e9) + " B";
        }
        if (abs >= 1e6) {
            return threeDigits(tokens / 1e6) + " M";
        }
        return Long.toString(tokens);
    }

    /**
     * The note that ends the message of an alert reading partial weeks, e.g. "; partial week: 2024-12-30 had data
     * on 5 of 7 days".
     */
    static String partialWeeksNote(java.util.List<WeekSnapshot> partialWeeks) {
        StringBuilder note = new StringBuilder(partialWeeks.size() == 1 ? "; partial week: " : "; partial weeks: ");
        for (int i = 0; i < partialWeeks.size(); i++) {
            WeekSnapshot week = partialWeeks.get(i);
            note.append(i == 0 ? "" : ", ")
                    .append(week.weekStart())
                    .append(" had data on ")
                    .append(week.daysWithData())
                    .append(" of ")
                    .append(WeekSnapshot.WHOLE_WEEK)
                    .append(" days");
        }
        return note.toString();
    }

    private static String threeDigits(double value) {
        double abs = Math.abs(value);
        String format = abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, format, value);
    }
}
