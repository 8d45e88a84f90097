package io.tokenshare.share;

import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.WeekDistribution;
import io.tokenshare.avro.internal.AttributedModelWeek;
import io.tokenshare.avro.internal.WeekModels;
import io.tokenshare.config.StoreNames;
import io.tokenshare.window.IsoWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Holds every attributed model of every week and emits the weeks' distributions. Changes are
 * collected and emitted once per emit interval, so that a burst of updates to a week costs one
 * computation. A week closes (its rows turn final) once the slowest input partition's event time has
 * passed the week's end plus grace and every token counted for it has arrived; a closed week that
 * changes again is emitted as a new revision.
 */
final class WeekShareProcessor implements Processor<String, AttributedModelWeek, String, ShareOutput> {

    // Weeks whose rolling and week-over-week figures read a given week: it and the three after it.
    private static final int WEEKS_AFFECTED = 4;

    private final ShareCalculator calculator;
    private final Duration emitInterval;
    private final long graceMs;

    private ProcessorContext<String, ShareOutput> context;
    private KeyValueStore<String, WeekModels> weeks;
    private KeyValueStore<String, ShareRow> rows;
    private KeyValueStore<String, Long> progress;
    private KeyValueStore<String, Long> countedTokens;
    private final TreeSet<IsoWeek> dirty = new TreeSet<>();
    private final TreeSet<IsoWeek> open = new TreeSet<>();

    WeekShareProcessor(ShareCalculator calculator, Duration emitInterval, Duration grace) {
        this.calculator = calculator;
        this.emitInterval = emitInterval;
        this.graceMs = grace.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, ShareOutput> context) {
        this.context = context;
        this.weeks = context.getStateStore(StoreNames.WEEK_MODELS);
        this.rows = context.getStateStore(StoreNames.SHARE_ROWS);
        this.progress = context.getStateStore(StoreNames.INGEST_PROGRESS);
        this.countedTokens = context.getStateStore(StoreNames.COUNTED_WEEK_TOKENS);
        try (KeyValueIterator<String, WeekModels> all = weeks.all()) {
            all.forEachRemaining(kv -> track(IsoWeek.parse(kv.key), kv.value));
        }
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, this::emitDue);
    }

    @Override
    public void process(Record<String, AttributedModelWeek> record) {
        if (record.value() == null) {
            return;
        }
        IsoWeek week = IsoWeek.parse(record.key());
        WeekModels models = weeks.get(record.key());
        if (models == null) {
            models = new WeekModels(week.monday(), new HashMap<>(), false, 0, true);
        }
        models.getModels().put(record.value().getUsage().getModelId(), record.value());
        models.setDirty(true);
        weeks.put(record.key(), models);
        track(week, models);
        for (int i = 1; i < WEEKS_AFFECTED; i++) {
            markDirty(week.plusWeeks(i));
        }
    }

    private void markDirty(IsoWeek week) {
        WeekModels models = weeks.get(week.toString());
        if (models != null && !models.getDirty()) {
            models.setDirty(true);
            weeks.put(week.toString(), models);
            dirty.add(week);
        }
    }

    private void track(IsoWeek week, WeekModels models) {
        if (models.getDirty()) {
            dirty.add(week);
        }
        if (!models.getClosed()) {
            open.add(week);
        }
    }

    private void emitDue(long now) {
        long watermark = watermark();
        Set<IsoWeek> closing = new HashSet<>();
        for (IsoWeek week : open) {
            if (week.endMillis() + graceMs <= watermark && everyCountedTokenArrived(week)) {
                closing.add(week);
            }
        }
        TreeSet<IsoWeek> due = new TreeSet<>(dirty);
        due.addAll(closing);
        Map<LocalDate, Collection<AttributedModelWeek>> cache = new HashMap<>();
        for (IsoWeek week : due) {
            emit(week, closing.contains(week), now, cache);
        }
        dirty.clear();
        open.removeAll(closing);
    }

    /**
     * Whether the attribution joins have delivered every token the ingest stage counted for the week.
     * Event time alone is not enough: the joins run behind ingest, so a week whose time has passed
     * may still have updates on their way.
     */
    private boolean everyCountedTokenArrived(IsoWeek week) {
        long counted = 0;
        try (KeyValueIterator<String, Long> partitions = countedTokens.prefixScan(week + "|", Serdes.String().serializer())) {
            while (partitions.hasNext()) {
                counted += partitions.next().value;
            }
        }
        WeekModels models = weeks.get(week.toString());
        long arrived = 0;
        if (models != null) {
            for (AttributedModelWeek m : models.getModels().values()) {
                arrived += m.getUsage().getTokens();
            }
        }
        return arrived >= counted;
    }

    /** The slowest input partition's event time; no partition reported yet means no week can close. */
    private long watermark() {
        long min = Long.MAX_VALUE;
        boolean any = false;
        try (KeyValueIterator<String, Long> all = progress.all()) {
            while (all.hasNext()) {
                min = Math.min(min, all.next().value);
                any = true;
            }
        }
        return any ? min : Long.MIN_VALUE;
    }

    private void emit(IsoWeek week, boolean closingNow, long now, Map<LocalDate, Collection<AttributedModelWeek>> cache) {
        WeekModels models = weeks.get(week.toString());
        if (models == null) {
            return;
        }
        if (closingNow) {
            models.setClosed(true);
            models.setRevision(0);
        } else if (models.getClosed()) {
            models.setRevision(models.getRevision() + 1);
        }
        models.setDirty(false);
        weeks.put(week.toString(), models);

        List<ShareRow> computed = calculator.rowsFor(week.monday(), d -> modelsOf(d, cache), models.getClosed(), models.getRevision());
        forwardDistributions(computed, models, now);
        replaceRows(week, computed, now);
    }

    private Collection<AttributedModelWeek> modelsOf(LocalDate monday, Map<LocalDate, Collection<AttributedModelWeek>> cache) {
        return cache.computeIfAbsent(monday, d -> {
            WeekModels m = weeks.get(d.toString());
            return m == null ? List.of() : List.copyOf(m.getModels().values());
        });
    }

    private void forwardDistributions(List<ShareRow> computed, WeekModels models, long now) {
        Map<String, List<ShareRow>> byDistribution = new LinkedHashMap<>();
        for (ShareRow row : computed) {
            byDistribution.computeIfAbsent(distributionKey(row), k -> new ArrayList<>()).add(row);
        }
        byDistribution.forEach((key, members) -> {
            ShareRow first = members.get(0);
            WeekDistribution distribution = new WeekDistribution(first.getWeekStart(), first.getDimension(), first.getBasis(),
                    first.getBasisLabel(), models.getClosed(), models.getRevision(), first.getTotalTokens(), members);
            context.forward(new Record<>(key, new ShareOutput.Distribution(distribution), now));
        });
    }

    /** Writes the week's rows and deletes the rows of members that no longer have tokens. */
    private void replaceRows(IsoWeek week, List<ShareRow> computed, long now) {
        Set<String> stale = new HashSet<>();
        try (KeyValueIterator<String, ShareRow> old = rows.prefixScan(ShareRowKey.weekPrefix(week.monday()), Serdes.String().serializer())) {
            old.forEachRemaining(kv -> stale.add(kv.key));
        }
        List<KeyValue<String, ShareRow>> puts = new ArrayList<>(computed.size());
        for (ShareRow row : computed) {
            String key = ShareRowKey.of(row);
            stale.remove(key);
            puts.add(KeyValue.pair(key, row));
            context.forward(new Record<>(key, new ShareOutput.Row(row.getDimension(), row), now));
        }
        rows.putAll(puts);
        for (String key : stale) {
            ShareRow removed = rows.delete(key);
            context.forward(new Record<>(key, new ShareOutput.Row(removed.getDimension(), null), now));
        }
    }

    private static String distributionKey(ShareRow row) {
        return row.getWeekStart() + "|" + row.getBasisLabel() + "|" + row.getDimension().name().toLowerCase(java.util.Locale.ROOT);
    }
}
