package io.tokenshare.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * tokenshare's own settings (the {@code tokenshare.*} keys), validated once at start-up. Kafka
 * Streams and client settings are not here: they pass through untouched.
 *
 * @param topics          topic names, with the configured prefix
 * @param grace           how long after its week has ended an event is still counted
 * @param dedupHorizon    how long an event id is remembered to drop resends
 * @param topN            how many models the top-N basis counts
 * @param emitInterval    how often provisional share rows of changed weeks are emitted
 * @param usageRetention  how long weekly usage stays queryable in the model-week-usage store
 * @param progressInterval how much event time passes between two progress reports of the ingest stage
 * @param alertRules      the alert rules file; empty for the rules that ship with the app
 * @param eventBounds     the most one event may carry (id lengths, tokens, requests)
 * @param routeByEventId  whether token-usage records are first repartitioned by event id, so that resends
 *                        sent with a null or random key still meet their original in one task
 * @param tokenUsagePartitions partitions of token-usage, every one of which must report progress before a
 *                        week closes; 0 until the app has read it from the cluster at start-up
 */
public record TokenshareSettings(
        Topics topics,
        Duration grace,
        Duration dedupHorizon,
        int topN,
        Duration emitInterval,
        Duration usageRetention,
        Duration progressInterval,
        String alertRules,
        EventBounds eventBounds,
        boolean routeByEventId,
        int tokenUsagePartitions) {

    public static final String TOPIC_PREFIX = "tokenshare.topic.prefix";
    public static final String GRACE = "tokenshare.window.grace";
    public static final String DEDUP_HORIZON = "tokenshare.dedup.horizon";
    public static final String TOP_N = "tokenshare.share.top-n";
    public static final String EMIT_INTERVAL = "tokenshare.share.emit-interval";
    public static final String USAGE_RETENTION = "tokenshare.window.retention";
    public static final String PROGRESS_INTERVAL = "tokenshare.ingest.progress-interval";
    public static final String ALERT_RULES = "tokenshare.alert.rules";
    public static final String ROUTE_BY_EVENT_ID = "tokenshare.ingest.route-by-event-id";
    public static final String TOKEN_USAGE_PARTITIONS = "tokenshare.topic.token-usage.partitions";

    /** Every key this record reads, with its default. */
    public static final Map<String, String> DEFAULTS = defaults();

    public TokenshareSettings {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(eventBounds, "eventBounds");
        requirePositive(GRACE, grace, true);
        requirePositive(DEDUP_HORIZON, dedupHorizon, false);
        requirePositive(EMIT_INTERVAL, emitInterval, false);
        requirePositive(PROGRESS_INTERVAL, progressInterval, false);
        if (tokenUsagePartitions < 0) {
            throw new SettingsException(
                    TOKEN_USAGE_PARTITIONS + ": " + tokenUsagePartitions
                            + " is not a partition count; use 1 or more, or 0 to read it from the cluster at start-up (default)");
        }
        if (topN < 1) {
            throw new SettingsException(TOP_N + ": " + topN + " is not a number of models; use 1 or more (default 9)");
        }
        if (usageRetention.compareTo(grace.plus(Duration.ofDays(7))) < 0) {
            throw new SettingsException(
                    USAGE_RETENTION + ": " + Durations.format(usageRetention)
                            + " is shorter than a week plus the grace ("
                            + Durations.format(grace.plus(Duration.ofDays(7)))
                            + "); weeks would be dropped before they close. Use at least that, e.g. 1100d for three years of history");
        }
    }

    /** The defaults: no prefix, 2 days grace, 7 days de-duplication, top 9. */
    public static TokenshareSettings defaultSettings() {
        return fromProperties(Map.of());
    }

    /**
     * Reads the {@code tokenshare.*} keys of a configuration; other keys are ignored.
     *
     * @throws SettingsException naming the key and what would be right, for any bad value
     */
    public static TokenshareSettings fromProperties(Map<String, ?> props) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        props.forEach((k, value) -> {
            if (k.startsWith("tokenshare.") && DEFAULTS.containsKey(k) && value != null) {
                v.put(k, value.toString());
            }
        });
        return new TokenshareSettings(
                new Topics(v.get(TOPIC_PREFIX)),
                Durations.parse(GRACE, v.get(GRACE)),
                Durations.parse(DEDUP_HORIZON, v.get(DEDUP_HORIZON)),
                parseTopN(v.get(TOP_N)),
                Durations.parse(EMIT_INTERVAL, v.get(EMIT_INTERVAL)),
                Durations.parse(USAGE_RETENTION, v.get(USAGE_RETENTION)),
                Durations.parse(PROGRESS_INTERVAL, v.get(PROGRESS_INTERVAL)),
                v.get(ALERT_RULES).trim(),
                EventBounds.fromText(v),
                parseBoolean(ROUTE_BY_EVENT_ID, v.get(ROUTE_BY_EVENT_ID)),
                parseCount(TOKEN_USAGE_PARTITIONS, v.get(TOKEN_USAGE_PARTITIONS)));
    }

    /** These settings with the partition count of token-usage as found on the cluster. */
    public TokenshareSettings withTokenUsagePartitions(int partitions) {
        return new TokenshareSettings(
                topics,
                grace,
                dedupHorizon,
                topN,
                emitInterval,
                usageRetention,
                progressInterval,
                alertRules,
                eventBounds,
                routeByEventId,
                partitions);
    }

    private static boolean parseBoolean(String key, String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            throw new SettingsException(key + ": '" + text + "' is neither true nor false");
        }
        return Boolean.parseBoolean(t);
    }

    private static int parseCount(String key, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(
                    key + ": '" + text + "' is not a whole number; use e.g. 4, or 0 to read it from the cluster", e);
        }
    }

    /** The label of the top-N basis, e.g. {@code top9}. */
    public String topNLabel() {
        return "top" + topN;
    }

    private static int parseTopN(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(TOP_N + ": '" + text + "' is not a whole number; use e.g. 9", e);
        }
    }

    private static void requirePositive(String key, Duration d, boolean zeroAllowed) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new SettingsException(
                    key + ": " + d + " must be " + (zeroAllowed ? "zero or more" : "more than zero"));
        }
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(TOPIC_PREFIX, "");
        d.put(GRACE, "2d");
        d.put(DEDUP_HORIZON, "7d");
        d.put(TOP_N, "9");
        d.put(EMIT_INTERVAL, "1s");
        d.put(USAGE_RETENTION, "1100d");
        d.put(PROGRESS_INTERVAL, "1h");
        d.put(ALERT_RULES, "");
        d.put(ROUTE_BY_EVENT_ID, "false");
        d.put(TOKEN_USAGE_PARTITIONS, "0");
        d.put(RocksDbMemoryBound.MEMORY_BOUND, RocksDbMemoryBound.DEFAULT_MEMORY_BOUND);
        d.putAll(EventBounds.defaultValues());
        return Map.copyOf(d);
    }
}
