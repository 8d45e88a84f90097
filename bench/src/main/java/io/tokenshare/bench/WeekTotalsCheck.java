package io.tokenshare.bench;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Decides when the last share update of a throughput run is out: when, for every week of the fill,
 * the latest origin row on the {@code all} basis carries the week's total tokens as the fill's ground
 * truth has it. That is also the check that the pipeline counted exactly the right events.
 */
final class WeekTotalsCheck implements ShareWatcher.Listener {

    private final Map<LocalDate, Long> expected;
    private final Map<LocalDate, Long> latest = new HashMap<>();
    private final Set<LocalDate> matching = new HashSet<>();
    private final CountDownLatch complete = new CountDownLatch(1);
    private volatile long completedAtMs = -1;

    /** @param expectedTokensByWeek the fill's tokens per week; weeks without tokens have no rows and are left out */
    WeekTotalsCheck(Map<LocalDate, Long> expectedTokensByWeek) {
        this.expected = new HashMap<>();
        expectedTokensByWeek.forEach((week, tokens) -> {
            if (tokens > 0) {
                expected.put(week, tokens);
            }
        });
        if (expected.isEmpty()) {
            throw new IllegalArgumentException("no week of the fill has any tokens: nothing to wait for");
        }
    }

    @Override
    public synchronized void onRow(ShareRow row, long computedAtMs, long seenAtMs) {
        if (row.getBasis() != ShareBasis.ALL || row.getDimension() != ShareDimension.ORIGIN) {
            return;
        }
        LocalDate week = row.getWeekStart();
        latest.put(week, row.getTotalTokens());
        if (row.getTotalTokens() == expected.getOrDefault(week, -1L)) {
            matching.add(week);
        } else {
            matching.remove(week);
        }
        if (completedAtMs < 0 && matching.size() == expected.size()) {
            completedAtMs = seenAtMs;
            complete.countDown();
        }
    }

    /** Waits until every week matches; the epoch ms at which the last one did, or -1 on timeout. */
    long awaitComplete(Duration timeout) throws InterruptedException {
        return complete.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? completedAtMs : -1;
    }

    /** Weeks whose latest total differs from the expected one, for the error message of a run that never completes. */
    synchronized Map<LocalDate, String> mismatches() {
        Map<LocalDate, String> wrong = new java.util.TreeMap<>();
        expected.forEach((week, tokens) -> {
            if (!matching.contains(week)) {
                wrong.put(week, "expected " + tokens + ", latest " + latest.getOrDefault(week, null));
            }
        });
        return wrong;
    }
}
