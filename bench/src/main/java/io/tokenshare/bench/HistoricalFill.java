package io.tokenshare.bench;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.window.IsoWeek;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The records that fill token-usage before the throughput runs: request-level events over a calendar
 * of ISO weeks, in event-time order, with traffic growing week by week as a gateway's did, a small share
 * of resent events (same event_id, as a producer retrying would send) and of invalid ones. While it is
 * iterated it keeps the ground truth in a {@link FillTally}: what the pipeline must count.
 */
final class HistoricalFill implements Iterator<TokenUsageEvent> {

    /** Where the default calendar starts: a Monday, so that its weeks are ISO weeks. */
    static final LocalDate DEFAULT_FIRST_MONDAY = LocalDate.of(2025, 1, 6);

    // Resends repeat one of the last few hundred events: a retry comes seconds or minutes later.
    private static final int RESEND_WINDOW = 256;

    /**
     * What to generate.
     *
     * @param records        records in all, resends and invalid ones included
     * @param weeks          length of the calendar
     * @param firstMonday    the first week's Monday
     * @param models         models in the catalog
     * @param growth         traffic of the last week over that of the first (1 for flat traffic)
     * @param duplicateShare share of records that resend an earlier event
     * @param invalidShare   share of records that break a validation rule
     * @param seed           decides every random choice
     */
    record Plan(
            long records,
            int weeks,
            LocalDate firstMonday,
            int models,
            double growth,
            double duplicateShare,
            double invalidShare,
            long seed) {

        Plan {
            if (records < 1) {
                throw new IllegalArgumentException("the fill needs at least one record, got " + records);
            }
            if (weeks < 1) {
                throw new IllegalArgumentException("the fill needs at least one week, got " + weeks);
            }
            if (firstMonday.getDayOfWeek() != DayOfWeek.MONDAY) {
                throw new IllegalArgumentException("the calendar must start on a Monday, got " + firstMonday + " (a "
                        + firstMonday.getDayOfWeek() + ")");
            }
            if (growth <= 0) {
                throw new IllegalArgumentException(
                        "growth is last week's traffic over the first's and must be above 0, got " + growth);
            }
            if (duplicateShare < 0 || invalidShare < 0 || duplicateShare + invalidShare >= 1) {
                throw new IllegalArgumentException(
                        "duplicate and invalid shares must be 0 or more and add up to less than 1," + " got "
                                + duplicateShare + " and " + invalidShare);
            }
        }

        /** The benchmark's defaults: 500 models over 80 weeks from 2025-01-06, traffic ×20, 1 % resends, 0.5 % invalid. */
        static Plan standard(long records, long seed) {
            return new Plan(records, 80, DEFAULT_FIRST_MONDAY, 500, 20, 0.01, 0.005, seed);
        }

        LocalDate endMonday() {
            return firstMonday.plusWeeks(weeks);
        }
    }

    private final Plan plan;
    private final SplittableRandom random;
    private final UsageEventGenerator generator;
    private final ModelCatalog catalog;
    private final FillTally tally;
    private final long firstMondayMs;
    private final double growthRate;
    private final TokenUsageEvent[] recent = new TokenUsageEvent[RESEND_WINDOW];
    private int recentCount;
    private long produced;
    private int pickerWeek = -1;
    private ModelCatalog.Picker picker;

    /** @param authors author slugs for the catalog, e.g. the shipped origin table's keys */
    HistoricalFill(Plan plan, List<String> authors) {
        this.plan = plan;
        this.random = new SplittableRandom(plan.seed());
        this.catalog = ModelCatalog.generate(random.nextLong(), plan.models(), plan.weeks(), authors);
        this.generator = new UsageEventGenerator(random.split(), catalog);
        this.tally = new FillTally(plan.firstMonday(), plan.weeks());
        this.firstMondayMs =
                plan.firstMonday().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        this.growthRate = Math.log(plan.growth()) / plan.weeks();
    }

    /** The ground truth of what has been generated so far; complete once the iterator is exhausted. */
    FillTally tally() {
        return tally;
    }

    @Override
    public boolean hasNext() {
        return produced < plan.records();
    }

    @Override
    public TokenUsageEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the fill of " + plan.records() + " records is complete");
        }
        double weeksIn = weeksIntoCalendar(produced);
        produced++;
        ModelCatalog.Picker models = pickerFor((int) weeksIn);
        long occurredAtMs = firstMondayMs + (long) (weeksIn * IsoWeek.LENGTH_MS);
        double roll = random.nextDouble();
        if (roll < plan.duplicateShare() && recentCount > 0) {
            tally.countDuplicate();
            return recent[random.nextInt(Math.min(recentCount, RESEND_WINDOW))];
        }
        if (roll < plan.duplicateShare() + plan.invalidShare()) {
            tally.countInvalid();
            return generator.invalidEvent(models, occurredAtMs);
        }
        TokenUsageEvent event = generator.validEvent(models, occurredAtMs);
        tally.countValid(occurredAtMs, event.getTotalTokens());
        recent[recentCount++ % RESEND_WINDOW] = event;
        return event;
    }

    /**
     * Event time of the n-th record in weeks since the first Monday. Traffic grows exponentially, so
     * record n sits where the cumulative traffic reaches (n + ½) / records: always increasing, and the
     * last record stays inside the calendar.
     */
    private double weeksIntoCalendar(long n) {
        double u = (n + 0.5) / plan.records();
        double t =
                growthRate == 0 ? u * plan.weeks() : Math.log1p(u * Math.expm1(growthRate * plan.weeks())) / growthRate;
        return Math.min(t, Math.nextDown((double) plan.weeks()));
    }

    private ModelCatalog.Picker pickerFor(int week) {
        if (week != pickerWeek) {
            picker = catalog.pickerFor(week);
            pickerWeek = week;
        }
        return picker;
    }
}
