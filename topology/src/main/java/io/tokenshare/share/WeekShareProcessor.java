package io.tokenshare.share;

import io.tokenshare.attribution.OriginTable;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.WeekDistribution;
import io.tokenshare.avro.internal.AttributedModelWeek;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.avro.internal.WeekStatus;
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
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Attributes every model of every week with the origin table and emits the weeks' distributions. Changes are
 * collected and emitted once per emit interval, so that a burst of updates to a week costs one
 * computation. A week closes (its rows turn final) once every token-usage partition has reported progress,
 * the slowest one's event time has passed the week's end plus grace, and every token counted for it has
 * arrived; a closed week that
 * changes again (new usage, or a corrected origin row) is emitted as a new revision.
 */
final class WeekShareProcessor implements Processor<String, ModelWeekUsage, String, ShareOutput> {

    // Weeks whose rolling and week-over-week figures read a given week: it and the three after it.
    private static final int WEEKS_AFFECTED = 4;
    private static final Serializer<String> KEYS = Serdes.String().serializer();
    /** The day mask of a week status stored before coverage was tracked: the schema's default. */
    static final int UNKNOWN_DAYS = -1;

    private final ShareCalculator calculator;
    private final Duration emitInterval;
    private final long graceMs;
    private final int tokenUsagePartitions;
    private final OriginTable originTable;

    private ProcessorContext<String, ShareOutput> context;
    private KeyValueStore<String, AttributedModelWeek> models;
    private KeyValueStore<String, WeekStatus> statuses;
    private KeyValueStore<String, ShareRow> rows;
    private KeyValueStore<String, Long> progress;
    private KeyValueStore<String, Long> countedTokens;
    private KeyValueStore<String, Integer> countedDays;
    private OriginReattribution origins;
    private final TreeSet<IsoWeek> dirty = new TreeSet<>();
    private final TreeSet<IsoWeek> open = new TreeSet<>();
    private final Map<IsoWeek, Set<String>> rowKeys = new HashMap<>();

    /**
     * @param tokenUsagePartitions how many token-usage partitions must have reported progress before any week closes
     */
    WeekShareProcessor(
            ShareCalculator calculator,
            Duration emitInterval,
            Duration grace,
            int tokenUsagePartitions,
            OriginTable originTable) {
        this.originTable = originTable;
        this.calculator = calculator;
        this.emitInterval = emitInterval;
        this.graceMs = grace.toMillis();
        this.tokenUsagePartitions = tokenUsagePartitions;
    }

    @Override
    public void init(ProcessorContext<String, ShareOutput> context) {
        if (tokenUsagePartitions < 1) {
            throw new IllegalStateException("the partition count of token-usage is unknown (" + tokenUsagePartitions
                    + "); TokenshareApp reads it from the cluster, or set tokenshare.topic.token-usage.partitions");
        }
        this.context = context;
        this.models = context.getStateStore(StoreNames.WEEK_MODELS);
        this.statuses = context.getStateStore(StoreNames.WEEK_STATUS);
        this.rows = context.getStateStore(StoreNames.SHARE_ROWS);
        this.progress = context.getStateStore(StoreNames.INGEST_PROGRESS);
        this.countedTokens = context.getStateStore(StoreNames.COUNTED_WEEK_TOKENS);
        this.countedDays = context.getStateStore(StoreNames.COUNTED_WEEK_DAYS);
        this.origins = new OriginReattribution(
                originTable.store(context), context.getStateStore(StoreNames.APPLIED_ORIGINS), models);
        // A task revived after an aborted transaction calls init again with its stores rewound: the
        // in-memory views start over from them.
        dirty.clear();
        open.clear();
        rowKeys.clear();
        try (KeyValueIterator<String, WeekStatus> all = statuses.all()) {
            all.forEachRemaining(kv -> track(IsoWeek.parse(kv.key), kv.value));
        }
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, this::emitDue);
    }

    @Override
    public void process(Record<String, ModelWeekUsage> record) {
        if (record.value() == null) {
            return;
        }
        AttributedModelWeek model = origins.attribute(record.value());
        IsoWeek week = IsoWeek.parse(record.key());
        String modelKey = weekPrefix(week) + model.getUsage().getModelId();
        AttributedModelWeek before = models.get(modelKey);
        models.put(modelKey, model);
        WeekStatus status = statuses.get(record.key());
        if (status == null) {
            status = new WeekStatus(week.monday(), 0, 0L, false, 0, true, 0);
        }
        status.setModels(status.getModels() + (before == null ? 1 : 0));
        status.setTokens(status.getTokens()
                + model.getUsage().getTokens()
                - (before == null ? 0 : before.getUsage().getTokens()));
        status.setDirty(true);
        statuses.put(record.key(), status);
        track(week, status);
        markFollowingWeeksDirty(week);
    }

    private void markFollowingWeeksDirty(IsoWeek week) {
        for (int i = 1; i < WEEKS_AFFECTED; i++) {
            markDirty(week.plusWeeks(i));
        }
    }

    private void markDirty(IsoWeek week) {
        WeekStatus status = statuses.get(week.toString());
        if (status != null && !status.getDirty()) {
            status.setDirty(true);
            statuses.put(week.toString(), status);
            dirty.add(week);
        }
    }

    private void track(IsoWeek week, WeekStatus status) {
        if (status.getDirty()) {
            dirty.add(week);
        }
        if (!status.getClosed()) {
            open.add(week);
        }
    }

    private void emitDue(long now) {
        for (IsoWeek week : origins.reattributeChanged()) {
            markDirty(week);
            markFollowingWeeksDirty(week);
        }
        long watermark = watermark();
        Set<IsoWeek> closing = new HashSet<>();
        for (IsoWeek week : open) {
            if (week.endMillis() + graceMs <= watermark && everyCountedTokenArrived(week)) {
                closing.add(week);
            }
        }
        TreeSet<IsoWeek> due = new TreeSet<>(dirty);
        due.addAll(closing);
        due.addAll(openWeeksWithNewDays());
        Map<LocalDate, Collection<AttributedModelWeek>> cache = new HashMap<>();
        for (IsoWeek week : due) {
            emit(week, closing.contains(week), now, cache);
        }
        dirty.clear();
        open.removeAll(closing);
    }

    /**
     * Open weeks on which a partition reported a day the emitted rows do not show yet: progress reports
     * travel apart from the partials, so a new day can arrive after the tokens that came with it were emitted.
     */
    private List<IsoWeek> openWeeksWithNewDays() {
        List<IsoWeek> changed = new ArrayList<>();
        for (IsoWeek week : open) {
            WeekStatus status = statuses.get(week.toString());
            Integer days = daysOf(week);
            if (status != null && days != null && days != status.getDaysMask()) {
                changed.add(week);
            }
        }
        return changed;
    }

    /** The days any partition reported for the week; null when none has reported one yet. */
    private Integer daysOf(IsoWeek week) {
        Integer days = countedDays.get(week.toString());
        return days == null ? null : days & IsoWeek.ALL_DAYS;
    }

    /**
     * The week's day mask for its rows: the reported days, else what the status holds, which is
     * {@link #UNKNOWN_DAYS} for a week stored before coverage was tracked (its progress reports carried no days).
     */
    private int daysFor(IsoWeek week, WeekStatus status) {
        Integer days = daysOf(week);
        return days != null ? days : status.getDaysMask();
    }

    /**
     * The slowest token-usage partition's event time. Until every partition has reported, no week can
     * close: a partition that has not (its task not yet running, e.g. during a rebalance at start-up)
     * may still hold tokens of any week.
     */
    private long watermark() {
        long min = Long.MAX_VALUE;
        int reported = 0;
        try (KeyValueIterator<String, Long> all = progress.all()) {
            while (all.hasNext()) {
                min = Math.min(min, all.next().value);
                reported++;
            }
        }
        return reported >= tokenUsagePartitions ? min : Long.MIN_VALUE;
    }

    /**
     * Whether the merged model weeks have delivered every token the ingest stage counted for the week.
     * Event time alone is not enough: partials travel at each ingest task's commit and through the merge
     * step, so a week whose time has passed may still have updates on their way.
     */
    private boolean everyCountedTokenArrived(IsoWeek week) {
        long counted = 0;
        try (KeyValueIterator<String, Long> partitions = countedTokens.prefixScan(weekPrefix(week), KEYS)) {
            while (partitions.hasNext()) {
                counted += partitions.next().value;
            }
        }
        WeekStatus status = statuses.get(week.toString());
        return status != null && status.getTokens() >= counted;
    }

    private void emit(
            IsoWeek week, boolean closingNow, long now, Map<LocalDate, Collection<AttributedModelWeek>> cache) {
        WeekStatus status = statuses.get(week.toString());
        if (status == null) {
            return;
        }
        if (closingNow) {
            status.setClosed(true);
            status.setRevision(0);
        } else if (status.getClosed()) {
            status.setRevision(status.getRevision() + 1);
        }
        status.setDirty(false);
        status.setDaysMask(daysFor(week, status));
        statuses.put(week.toString(), status);

        List<ShareRow> computed =
                calculator.rowsFor(week.monday(), d -> modelsOf(d, cache), status.getClosed(), status.getRevision());
        // A week stored before coverage was tracked is taken as whole, as the rows' schema default says.
        int daysMask = status.getDaysMask() == UNKNOWN_DAYS ? IsoWeek.ALL_DAYS : status.getDaysMask();
        int daysWithData = IsoWeek.daysIn(daysMask);
        for (ShareRow row : computed) {
            row.setDaysMask(daysMask);
            row.setDaysWithData(daysWithData);
        }
        forwardDistributions(computed, status, now);
        replaceRows(week, computed, now);
    }

    private Collection<AttributedModelWeek> modelsOf(
            LocalDate monday, Map<LocalDate, Collection<AttributedModelWeek>> cache) {
        return cache.computeIfAbsent(monday, d -> {
            List<AttributedModelWeek> week = new ArrayList<>();
            try (KeyValueIterator<String, AttributedModelWeek> all =
                    models.prefixScan(weekPrefix(new IsoWeek(d)), KEYS)) {
                all.forEachRemaining(kv -> week.add(kv.value));
            }
            return week;
        });
    }

    private void forwardDistributions(List<ShareRow> computed, WeekStatus status, long now) {
        Map<String, List<ShareRow>> byDistribution = new LinkedHashMap<>();
        for (ShareRow row : computed) {
            byDistribution
                    .computeIfAbsent(distributionKey(row), k -> new ArrayList<>())
                    .add(row);
        }
        byDistribution.forEach((key, members) -> {
            ShareRow first = members.get(0);
            WeekDistribution distribution = new WeekDistribution(
                    first.getWeekStart(),
                    first.getDimension(),
                    first.getBasis(),
                    first.getBasisLabel(),
                    status.getClosed(),
                    status.getRevision(),
                    first.getTotalTokens(),
                    members,
                    first.getDaysWithData(),
                    first.getDaysMask());
            context.forward(new Record<>(key, new ShareOutput.Distribution(distribution), now));
        });
    }

    /** Writes the week's rows and deletes the rows of members that no longer have tokens. */
    private void replaceRows(IsoWeek week, List<ShareRow> computed, long now) {
        Set<String> known = rowKeysOf(week);
        Set<String> stale = new HashSet<>(known);
        List<KeyValue<String, ShareRow>> puts = new ArrayList<>(computed.size());
        for (ShareRow row : computed) {
            String key = ShareRowKey.of(row);
            stale.remove(key);
            known.add(key);
            puts.add(KeyValue.pair(key, row));
            context.forward(new Record<>(key, new ShareOutput.Row(row.getDimension(), row), now));
        }
        rows.putAll(puts);
        for (String key : stale) {
            rows.delete(key);
            known.remove(key);
            context.forward(new Record<>(key, new ShareOutput.Row(ShareRowKey.dimensionOf(key), null), now));
        }
    }

    /**
     * The keys of a week's stored rows, read from the store once per week and kept up to date after:
     * a prefix scan would decode every old row of the week on each emit only to learn its key.
     */
    private Set<String> rowKeysOf(IsoWeek week) {
        return rowKeys.computeIfAbsent(week, w -> {
            Set<String> keys = new HashSet<>();
            try (KeyValueIterator<String, ShareRow> old = rows.prefixScan(ShareRowKey.weekPrefix(w.monday()), KEYS)) {
                old.forEachRemaining(kv -> keys.add(kv.key));
            }
            return keys;
        });
    }

    private static String weekPrefix(IsoWeek week) {
        return week + "|";
    }

    private static String distributionKey(ShareRow row) {
        return row.getWeekStart() + "|" + row.getBasisLabel() + "|"
                + row.getDimension().name().toLowerCase(java.util.Locale.ROOT);
    }
}
