package io.tokenshare.bench.chaos;

import java.util.Locale;
import java.util.Map;

/** The chaos report as people read it. */
final class ChaosSummary {

    private ChaosSummary() {}

    /**
     * The apps' own accounting at the end, summed over the instances' /metrics. Each instance reports the committed
     * counts of the partitions it runs, since each partition's first record, so the sum is the application's, kills
     * and restarts included.
     */
    record AppAccounting(long read, long counted, long duplicates, long deadLetters) {

        /**
         * Whether every record on token-usage was read once, with the fate the truth gives it: each distinct valid
         * event counted, each record the topics dead-lettered once. The records and dead letters are the topics'
         * (which {@link ChaosRun#accountingHolds} checks against what the gateway sent): a batch in flight at a
         * broker restart can be on the topic twice, and its copy is then a duplicate or one more dead letter.
         */
        boolean matches(ChaosReport r) {
            long topicDeadLetters = r.accounting().deadLetters().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            return read == r.accounting().recordsOnTopic()
                    && counted == r.truth().counted()
                    && deadLetters == topicDeadLetters
                    && read == counted + duplicates + deadLetters;
        }
    }

    static AppAccounting appAccounting(ChaosReport r) {
        long read = 0;
        long counted = 0;
        long duplicates = 0;
        long deadLetters = 0;
        for (Map<String, Double> counters : r.instanceCounters().values()) {
            read += sum(counters, "tokenshare_events_read_total");
            counted += sum(counters, "tokenshare_events_counted_total");
            duplicates += sum(counters, "tokenshare_events_duplicates_total");
            deadLetters += sum(counters, "tokenshare_dead_letters_total{");
        }
        return new AppAccounting(read, counted, duplicates, deadLetters);
    }

    private static long sum(Map<String, Double> counters, String prefix) {
        return counters.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().longValue())
                .sum();
    }

    static String render(ChaosReport r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%ntokenshare chaos run, %s: %s%n", r.ranAt(), r.settings()));
        out.append(String.format(
                Locale.ROOT,
                "  app kills (kill -9)   %d, %d with the state directory deleted%n",
                r.kills().size(),
                r.kills().stream().filter(ChaosReport.Kill::stateDeleted).count()));
        for (ChaosReport.Kill k : r.kills()) {
            out.append(String.format(
                    Locale.ROOT,
                    "    at %6.1f s  %-11s %s restart→ready %s, kill→ready %s, kill→taken over %s%n",
                    k.atSeconds(),
                    k.instance(),
                    k.stateDeleted() ? "(state deleted)" : "               ",
                    k.killedAgainFirst() ? "restarted again before seen ready" : ms(k.restartToReadyMs()),
                    ms(k.killToReadyMs()),
                    ms(k.killToTakenOverMs())));
        }
        out.append(String.format(
                Locale.ROOT,
                "  recovery restart→ready p50 %s, max %s (%d recovered, %d not)%n",
                ms(r.recovery().p50Ms()),
                ms(r.recovery().maxMs()),
                r.recovery().recovered(),
                r.recovery().notRecovered()));
        out.append(String.format(
                Locale.ROOT,
                "  kill→partitions taken over p50 %s, max %s%n",
                ms(r.recovery().takeoverP50Ms()),
                ms(r.recovery().takeoverMaxMs())));
        out.append(String.format(
                Locale.ROOT, "  broker restarts       %d%n", r.brokerRestarts().size()));
        for (ChaosReport.BrokerRestart b : r.brokerRestarts()) {
            out.append(String.format(
                    Locale.ROOT,
                    "    at %6.1f s  down %s, back in %s%n",
                    b.atSeconds(),
                    ms(b.downMs()),
                    ms(b.restartMs())));
        }
        out.append(String.format(
                Locale.ROOT,
                "  instances that died by themselves %d%n",
                r.selfExits().size()));
        for (ChaosReport.SelfExit e : r.selfExits()) {
            out.append(String.format(Locale.ROOT, "    at %6.1f s  %s: %s%n", e.atSeconds(), e.instance(), e.how()));
        }
        ChaosReport.Producer p = r.producer();
        out.append(String.format(
                Locale.ROOT,
                "  gateway               %d sent, %d acknowledged, %d failed, %.0f/s over %.0f s%n",
                p.sent(),
                p.acknowledged(),
                p.failed(),
                p.achievedRate(),
                p.seconds()));
        ChaosReport.Truth t = r.truth();
        out.append(String.format(
                Locale.ROOT,
                "  ground truth          %d to count (%d late within grace), %d resends, dead letters %s, %d tokens, %d weeks%n",
                t.counted(),
                t.countedLateInGrace(),
                t.resends(),
                t.deadLetters(),
                t.tokens(),
                t.weeks()));
        out.append(String.format(Locale.ROOT, "  max lag               %d records%n", r.maxLagRecords()));
        out.append(String.format(
                Locale.ROOT,
                "  final and exact       %s after the weeks were closed%n",
                r.secondsToFinal() < 0 ? "NEVER" : String.format(Locale.ROOT, "%.1f s", r.secondsToFinal())));
        for (ShareCheck c : new ShareCheck[] {r.origin(), r.model()}) {
            out.append(String.format(
                    Locale.ROOT,
                    "  by %-7s             lost %d tokens, doubled %d (week totals: lost %d, doubled %d), %d rows not final, %d of %d weeks, %d week×member pairs%n",
                    c.dimension(),
                    c.lostTokens(),
                    c.doubledTokens(),
                    c.weekTokensLost(),
                    c.weekTokensDoubled(),
                    c.notFinal(),
                    c.weeksSeen(),
                    c.weeksExpected(),
                    c.membersChecked()));
        }
        out.append(String.format(
                Locale.ROOT,
                "  accounting            %s: token-usage %d records, dead letters %s%n",
                r.accounting().exact() ? "exact" : "WRONG",
                r.accounting().recordsOnTopic(),
                r.accounting().deadLetters()));
        AppAccounting app = appAccounting(r);
        out.append(String.format(
                Locale.ROOT,
                "  app's own accounting  %s: read %d, counted %d, duplicates %d, dead letters %d (over the instances)%n",
                app.matches(r) ? "exact" : "WRONG",
                app.read(),
                app.counted(),
                app.duplicates(),
                app.deadLetters()));
        out.append(String.format(
                Locale.ROOT,
                "  HTTP APIs             %s (%d instances, %s)%n",
                r.api().differences().isEmpty() ? "identical" : "DIFFER",
                r.api().instancesAsked(),
                r.api().paths()));
        out.append(String.format(
                Locale.ROOT,
                "  RESULT                %s%n",
                r.passed() ? "PASS: 0 lost, 0 doubled, all final" : "FAIL"));
        r.failures().forEach(f -> out.append("    ").append(f).append(System.lineSeparator()));
        return out.toString();
    }

    private static String ms(long millis) {
        return millis < 0 ? "never" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
