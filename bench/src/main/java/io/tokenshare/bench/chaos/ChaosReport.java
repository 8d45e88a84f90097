package io.tokenshare.bench.chaos;

import java.util.List;
import java.util.Map;

/**
 * What a chaos run did and found, printed as a summary and written as JSON.
 *
 * @param ranAt          start, ISO-8601
 * @param settings       the run's options
 * @param kills          every {@code kill -9} of an app instance
 * @param brokerRestarts every {@code kill -9} and restart of the broker
 * @param selfExits      instances that died without being killed, restarted by the run
 * @param recovery       restart → ready over the kills that recovered
 * @param producer       what the gateway sent and had acknowledged
 * @param truth          the ground truth's totals
 * @param origin         shares by origin against the truth
 * @param model          shares by model against the truth
 * @param accounting     the accounting the topics give against the truth
 * @param api            whether every instance's HTTP API answers the same
 * @param instanceCounters each instance's accounting counters at the end: the committed counts of the partitions it runs
 * @param maxLagRecords  the largest consumer lag on token-usage seen while producing
 * @param secondsToFinal from the watermark markers that close the weeks to every week final and exact, or -1
 * @param failures       why the run is not exact; empty when it is
 */
record ChaosReport(
        String ranAt,
        Map<String, Object> settings,
        List<Kill> kills,
        List<BrokerRestart> brokerRestarts,
        List<SelfExit> selfExits,
        Recovery recovery,
        Producer producer,
        Truth truth,
        ShareCheck origin,
        ShareCheck model,
        Accounting accounting,
        ApiCheck api,
        Map<String, Map<String, Double>> instanceCounters,
        long maxLagRecords,
        double secondsToFinal,
        List<String> failures) {

    boolean passed() {
        return failures.isEmpty();
    }

    /**
     * @param instance      which instance
     * @param atSeconds     seconds into the run
     * @param stateDeleted  whether its state directory was deleted before the restart
     * @param restartToReadyMs from the restart to /health/ready 200, or -1 if it never got there
     * @param killToReadyMs from the kill to ready, or -1
     * @param killToTakenOverMs from the kill until the group is stable without the killed process's members and
     *                      with every token-usage partition assigned, or -1 if not seen
     * @param killedAgainFirst whether the instance was killed again (or died) before it was seen ready: no recovery time
     */
    record Kill(
            String instance,
            double atSeconds,
            boolean stateDeleted,
            long restartToReadyMs,
            long killToReadyMs,
            long killToTakenOverMs,
            boolean killedAgainFirst) {}

    /** @param downMs how long the broker was gone; restartMs from its restart to taking clients */
    record BrokerRestart(double atSeconds, long downMs, long restartMs) {}

    /** @param how the exit code, and the log to read */
    record SelfExit(String instance, double atSeconds, String how) {}

    /** Restart → ready, and kill → partitions taken over, in milliseconds (-1: none seen). */
    record Recovery(int recovered, int notRecovered, long p50Ms, long maxMs, long takeoverP50Ms, long takeoverMaxMs) {}

    record Producer(
            long sent, long acknowledged, long failed, String firstFailure, double seconds, double achievedRate) {}

    record Truth(
            long records,
            long counted,
            long countedLateInGrace,
            long resends,
            Map<String, Long> deadLetters,
            long tokens,
            int weeks) {}

    /**
     * @param recordsOnTopic  token-usage records (markers left out)
     * @param deadLetters     token-usage-dlq records by reason header
     * @param exact           whether both match the truth: read = counted + duplicates + dead letters, with each part
     *                        as the producer sent it, give or take copies of batches in flight at a broker restart
     */
    record Accounting(long recordsOnTopic, Map<String, Long> deadLetters, boolean exact) {}

    /** @param differences "instance-1 /api/v1/weeks differs from instance-0", empty when all agree */
    record ApiCheck(int instancesAsked, List<String> paths, List<String> differences) {}
}
