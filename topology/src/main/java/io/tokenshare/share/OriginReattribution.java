package io.tokenshare.share;

import io.tokenshare.attribution.Attribution;
import io.tokenshare.avro.internal.AttributedModelWeek;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.avro.internal.OriginHistory;
import io.tokenshare.window.IsoWeek;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Keeps the stored week models attributed with the origin table as it is now. The table is a global
 * store that its own thread updates; each emit round compares it with the histories the week models
 * were attributed with (the share stage's applied-origins store, which survives restarts), re-attributes
 * the week models of every key that differs and names the weeks that changed.
 */
final class OriginReattribution {

    private final ReadOnlyKeyValueStore<String, OriginHistory> table;
    private final KeyValueStore<String, OriginHistory> applied;
    private final KeyValueStore<String, AttributedModelWeek> models;

    OriginReattribution(
            ReadOnlyKeyValueStore<String, OriginHistory> table,
            KeyValueStore<String, OriginHistory> applied,
            KeyValueStore<String, AttributedModelWeek> models) {
        this.table = table;
        this.applied = applied;
        this.models = models;
    }

    /** A model's week attributed with the table as it is now. */
    AttributedModelWeek attribute(ModelWeekUsage usage) {
        return Attribution.attribute(usage, table::get);
    }

    /** Re-attributes the week models of every key whose row changed since the last call; returns the weeks that changed. */
    Set<IsoWeek> reattributeChanged() {
        Set<String> changed = changedKeys();
        if (changed.isEmpty()) {
            return Set.of();
        }
        Set<IsoWeek> weeks = new TreeSet<>();
        List<KeyValue<String, AttributedModelWeek>> updates = new ArrayList<>();
        // Origin corrections are rare and the store holds one entry per (week, model): a full pass is cheap enough.
        try (KeyValueIterator<String, AttributedModelWeek> all = models.all()) {
            while (all.hasNext()) {
                KeyValue<String, AttributedModelWeek> entry = all.next();
                String model = entry.value.getUsage().getModelId();
                if (!changed.contains(model) && !changed.contains(Attribution.authorOf(model))) {
                    continue;
                }
                AttributedModelWeek now = attribute(entry.value.getUsage());
                if (!sameAttribution(now, entry.value)) {
                    updates.add(KeyValue.pair(entry.key, now));
                    weeks.add(new IsoWeek(now.getUsage().getWeekStart()));
                }
            }
        }
        models.putAll(updates);
        for (String key : changed) {
            OriginHistory current = table.get(key);
            if (current == null) {
                applied.delete(key);
            } else {
                applied.put(key, current);
            }
        }
        return weeks;
    }

    private Set<String> changedKeys() {
        Map<String, OriginHistory> before = new HashMap<>();
        try (KeyValueIterator<String, OriginHistory> all = applied.all()) {
            all.forEachRemaining(kv -> before.put(kv.key, kv.value));
        }
        Set<String> changed = new HashSet<>();
        try (KeyValueIterator<String, OriginHistory> all = table.all()) {
            all.forEachRemaining(kv -> {
                if (!sameRows(kv.value, before.remove(kv.key))) {
                    changed.add(kv.key);
                }
            });
        }
        changed.addAll(before.keySet());
        return changed;
    }

    private static boolean sameAttribution(AttributedModelWeek a, AttributedModelWeek b) {
        return a.getLab().equals(b.getLab())
                && a.getOrigin() == b.getOrigin()
                && Objects.equals(a.getAttributedBy(), b.getAttributedBy())
                && Objects.equals(a.getSpendUsd(), b.getSpendUsd())
                && a.getSpendCoveredTokens() == b.getSpendCoveredTokens();
    }

    // Compared row by row: Avro's own equals on arrays cannot compare the rows' date fields.
    private static boolean sameRows(OriginHistory a, OriginHistory b) {
        return b != null && new ArrayList<>(a.getRows()).equals(new ArrayList<>(b.getRows()));
    }
}
