package io.tokenshare.attribution;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.Origin;
import io.tokenshare.avro.internal.AttributedModelWeek;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.avro.internal.OriginHistory;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

/**
 * Resolves a model's lab and origin and prices its week. A row keyed by the model id beats the row of
 * its author; a model neither knows is {@code UNKNOWN}, its lab the author slug.
 */
public final class Attribution {

    private static final double PER_MILLION = 1_000_000.0;

    private Attribution() {}

    /** The author of a model id: the part before the first '/', or the whole id when it has none. */
    public static String authorOf(String modelId) {
        int slash = modelId.indexOf('/');
        return slash < 0 ? modelId : modelId.substring(0, slash);
    }

    /**
     * Attributes a model's week: by the model id's own row when there is one, else by its author's row,
     * else {@code UNKNOWN}.
     *
     * @param origins the origin table's histories by key
     */
    public static AttributedModelWeek attribute(ModelWeekUsage usage, Function<String, OriginHistory> origins) {
        return byAuthorRow(
                byModelRow(usage, origins.apply(usage.getModelId())), origins.apply(authorOf(usage.getModelId())));
    }

    /** Attributes by the model id's own row when there is one. */
    static AttributedModelWeek byModelRow(ModelWeekUsage usage, OriginHistory modelRows) {
        if (modelRows == null || modelRows.getRows().isEmpty()) {
            return unknown(usage);
        }
        return attributed(usage, modelRows, usage.getModelId());
    }

    /** The author's row applies only where the model had no row of its own. */
    static AttributedModelWeek byAuthorRow(AttributedModelWeek byModel, OriginHistory authorRows) {
        if (byModel.getAttributedBy() != null) {
            return byModel;
        }
        if (authorRows == null || authorRows.getRows().isEmpty()) {
            return unknown(byModel.getUsage());
        }
        return attributed(
                byModel.getUsage(), authorRows, authorOf(byModel.getUsage().getModelId()));
    }

    static AttributedModelWeek unknown(ModelWeekUsage usage) {
        return new AttributedModelWeek(usage, authorOf(usage.getModelId()), Origin.UNKNOWN, null, null, 0L);
    }

    private static AttributedModelWeek attributed(ModelWeekUsage usage, OriginHistory rows, String key) {
        ModelOrigin current = OriginHistories.current(rows);
        Spend spend = price(usage, rows);
        return new AttributedModelWeek(
                usage,
                current.getLab(),
                current.getOrigin(),
                key,
                spend.coveredTokens() == 0 ? null : spend.usd(),
                spend.coveredTokens());
    }

    /** Prices each weekday's input and output with the row valid on that day. */
    static Spend price(ModelWeekUsage usage, OriginHistory rows) {
        double usd = 0;
        long covered = 0;
        List<Long> in = usage.getDailyInputTokens();
        List<Long> out = usage.getDailyOutputTokens();
        List<Long> split = usage.getDailySplitTokens();
        for (int d = 0; d < split.size(); d++) {
            if (split.get(d) == 0) {
                continue;
            }
            LocalDate day = usage.getWeekStart().plusDays(d);
            ModelOrigin row = OriginHistories.pricedOn(rows, day);
            if (row == null || row.getInputUsdPerMtok() == null || row.getOutputUsdPerMtok() == null) {
                continue;
            }
            usd += in.get(d) * row.getInputUsdPerMtok() / PER_MILLION
                    + out.get(d) * row.getOutputUsdPerMtok() / PER_MILLION;
            covered += split.get(d);
        }
        return new Spend(usd, covered);
    }

    /** Spend in USD over the tokens it covers. */
    record Spend(double usd, long coveredTokens) {}
}
