package io.tokenshare.attribution;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.Origin;
import io.tokenshare.avro.internal.OriginHistory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rows received for one model-origins key, one per {@code valid_from}. A row with the same
 * {@code valid_from} as an earlier one corrects it; a tombstone removes the key.
 */
public final class OriginHistories {

    /** Stands in for a tombstone, which a stream aggregation would otherwise skip. Never serialized. */
    static final ModelOrigin DELETED = new ModelOrigin("", Origin.UNKNOWN, null, null, null, null, "tombstone");

    private static final Comparator<ModelOrigin> BY_VALID_FROM =
            Comparator.comparing(ModelOrigin::getValidFrom, Comparator.nullsFirst(Comparator.naturalOrder()));

    private OriginHistories() {}

    public static OriginHistory empty() {
        return new OriginHistory(new ArrayList<>());
    }

    /** A tombstone becomes {@link #DELETED}, so that the aggregation sees it. */
    static ModelOrigin markDeletion(ModelOrigin row) {
        return row == null ? DELETED : row;
    }

    /** Adds a row to a key's history; {@code null} (the key is deleted) for a tombstone. */
    static OriginHistory merge(String key, ModelOrigin row, OriginHistory history) {
        if (row == DELETED) {
            return null;
        }
        List<ModelOrigin> rows = new ArrayList<>(history.getRows());
        rows.removeIf(r -> java.util.Objects.equals(r.getValidFrom(), row.getValidFrom()));
        rows.add(row);
        rows.sort(BY_VALID_FROM);
        return new OriginHistory(rows);
    }

    /** The row that names lab and origin: the newest. */
    public static ModelOrigin current(OriginHistory history) {
        List<ModelOrigin> rows = history.getRows();
        return rows.get(rows.size() - 1);
    }

    /** The row whose prices apply on a date: the one with the latest valid_from on or before it, if any. */
    public static ModelOrigin pricedOn(OriginHistory history, LocalDate day) {
        ModelOrigin applies = null;
        for (ModelOrigin row : history.getRows()) {
            if (row.getValidFrom() == null || !row.getValidFrom().isAfter(day)) {
                applies = row;
            }
        }
        return applies;
    }
}
