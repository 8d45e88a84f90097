package io.tokenshare.bench;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.window.IsoWeek;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Events of a live gateway for the paced run: each made when it is asked for, stamped with the wall
 * clock as its event time, and reported to the {@link LatencyTracker} as sent. Only valid, unique
 * events, so that every one of them must show up in a share row.
 */
final class LiveEvents implements Iterator<TokenUsageEvent> {

    private final long count;
    private final UsageEventGenerator generator;
    private final ModelCatalog.Picker picker;
    private final LatencyTracker tracker;
    private final LongSupplier clock;
    private long made;

    /**
     * @param count   how many events
     * @param seed    decides every random choice
     * @param authors author slugs for the catalog
     * @param tracker told about every event as it is made
     * @param clock   the wall clock in epoch milliseconds
     */
    LiveEvents(long count, long seed, List<String> authors, LatencyTracker tracker, LongSupplier clock) {
        SplittableRandom random = new SplittableRandom(seed);
        HistoricalFill.Plan shape = HistoricalFill.Plan.standard(count, seed);
        ModelCatalog catalog = ModelCatalog.generate(random.nextLong(), shape.models(), shape.weeks(), authors);
        this.count = count;
        this.generator = new UsageEventGenerator(random.split(), catalog);
        // The market as it stands in the calendar's last week.
        this.picker = catalog.pickerFor(shape.weeks() - 1);
        this.tracker = tracker;
        this.clock = clock;
    }

    @Override
    public boolean hasNext() {
        return made < count;
    }

    @Override
    public TokenUsageEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + count + " live events have been made");
        }
        made++;
        long now = clock.getAsLong();
        TokenUsageEvent event = generator.validEvent(picker, now);
        tracker.sent(event.getModelId(), IsoWeek.containing(now).monday(), event.getTotalTokens(), now);
        return event;
    }
}
