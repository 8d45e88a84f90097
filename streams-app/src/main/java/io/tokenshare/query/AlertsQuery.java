package io.tokenshare.query;

import io.tokenshare.config.StoreNames;
import io.tokenshare.window.IsoWeek;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.generic.IndexedRecord;

/**
 * The alerts of the share-alerts store, optionally from a week on and of one kind: a range query over
 * all partitions. Alerts are shown field by field from their Avro schema ({@link AvroJson}), so that
 * this layer reads whatever the alert stage stores under the ShareAlert contract: {@code week_start},
 * {@code kind}, {@code detected_at}, {@code alert_key}.
 *
 * @param from first week of the alerts wanted, empty for all
 * @param kind the alert kind wanted, empty for all
 */
record AlertsQuery(Optional<IsoWeek> from, Optional<String> kind) implements StoreQuery<Map<String, Object>> {

    static final String NAME = "alerts";
    static final Set<String> PARAMETERS = Set.of("from", "kind");
    /** The kinds of rule that raise alerts (the ShareAlert schema's AlertKind). */
    static final List<String> KINDS = List.of("CROSSOVER", "THRESHOLD", "TURNING_POINT", "SURGE", "NEW_LEADER");

    /** Newest week first; within a week, the latest detected first; then by key, so that every instance orders alike. */
    static final Comparator<Map<String, Object>> NEWEST_FIRST = Comparator.comparing(
                    (Map<String, Object> alert) -> text(alert, "weekStart"))
            .reversed()
            .thenComparing(Comparator.comparing((Map<String, Object> alert) -> text(alert, "detectedAt"))
                    .reversed())
            .thenComparing(alert -> text(alert, "alertKey"));

    /** Reads the route's parameters. */
    static AlertsQuery parse(ApiParameters parameters) {
        return new AlertsQuery(parameters.optionalWeek("from"), parameters.code("kind", KINDS));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String store() {
        return StoreNames.SHARE_ALERTS;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<Map<String, Object>> itemType() {
        return (Class<Map<String, Object>>) (Class<?>) Map.class;
    }

    @Override
    public Optional<String> routingKey() {
        return Optional.empty();
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new HashMap<>();
        from.ifPresent(week -> parameters.put("from", week.toString()));
        kind.ifPresent(k -> parameters.put("kind", k));
        return parameters;
    }

    @Override
    public List<Map<String, Object>> read(PartitionReader partition) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (var entry : partition.<Object>range(StoreNames.SHARE_ALERTS, null, null)) {
            if (entry.value instanceof IndexedRecord record) {
                Map<String, Object> alert = AvroJson.toMap(record);
                if (wanted(alert)) {
                    alerts.add(alert);
                }
            }
        }
        return alerts;
    }

    /** Whether an alert, shown as JSON values, passes the filters. */
    boolean wanted(Map<String, Object> alert) {
        boolean inRange = from.map(week -> text(alert, "weekStart").compareTo(week.toString()) >= 0)
                .orElse(true);
        return inRange && kind.map(k -> k.equals(text(alert, "kind"))).orElse(true);
    }

    private static String text(Map<String, Object> alert, String field) {
        return Objects.toString(alert.get(field), "");
    }
}
