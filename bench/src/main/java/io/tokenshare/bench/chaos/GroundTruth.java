package io.tokenshare.bench.chaos;

import io.tokenshare.ingest.DeadLetterReason;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the pipeline must show, as the producer had it acknowledged: tokens per week per model and per
 * origin of every distinct valid event, and how many records of each other kind reached the broker.
 * Thread-safe: the producer's acknowledgement callbacks fill it.
 */
final class GroundTruth {

    private final Map<LocalDate, Map<String, Long>> tokensByModel = new TreeMap<>();
    private final Map<LocalDate, Map<String, Long>> tokensByOrigin = new TreeMap<>();
    private final Map<String, Long> deadLettersByReason = new TreeMap<>();
    private long records;
    private long counted;
    private long countedLate;
    private long resends;
    private long tokens;

    synchronized void counted(LocalDate week, String model, String origin, long eventTokens, boolean late) {
        records++;
        counted++;
        if (late) {
            countedLate++;
        }
        tokens += eventTokens;
        tokensByModel.computeIfAbsent(week, w -> new TreeMap<>()).merge(model, eventTokens, Long::sum);
        tokensByOrigin.computeIfAbsent(week, w -> new TreeMap<>()).merge(origin, eventTokens, Long::sum);
    }

    synchronized void resend() {
        records++;
        resends++;
    }

    synchronized void deadLetter(DeadLetterReason reason) {
        records++;
        deadLettersByReason.merge(reason.name(), 1L, Long::sum);
    }

    /** Week → model → tokens. */
    synchronized Map<LocalDate, Map<String, Long>> tokensByModel() {
        return deepCopy(tokensByModel);
    }

    /** Week → origin code → tokens. */
    synchronized Map<LocalDate, Map<String, Long>> tokensByOrigin() {
        return deepCopy(tokensByOrigin);
    }

    synchronized Map<String, Long> deadLettersByReason() {
        return new TreeMap<>(deadLettersByReason);
    }

    /** Records acknowledged by the broker. */
    synchronized long records() {
        return records;
    }

    /** Distinct valid events: what must be counted. */
    synchronized long counted() {
        return counted;
    }

    /** Of those, the ones sent out of order but within the grace. */
    synchronized long countedLate() {
        return countedLate;
    }

    synchronized long resends() {
        return resends;
    }

    synchronized long deadLetters() {
        return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized long tokens() {
        return tokens;
    }

    private static Map<LocalDate, Map<String, Long>> deepCopy(Map<LocalDate, Map<String, Long>> source) {
        Map<LocalDate, Map<String, Long>> copy = new TreeMap<>();
        source.forEach((week, members) -> copy.put(week, new TreeMap<>(members)));
        return copy;
    }
}
