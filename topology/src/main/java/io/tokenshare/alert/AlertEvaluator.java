package io.tokenshare.alert;

import io.tokenshare.avro.AlertStatus;
import io.tokenshare.avro.ShareAlert;
import io.tokenshare.avro.WeekDistribution;
import io.tokenshare.config.StoreNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stores each watched distribution, re-evaluates the rules of its series and reconciles the findings with the alerts
 * already sent: the processor of {@link AlertStage}.
 */
final class AlertEvaluator implements Processor<String, WeekDistribution, String, ShareAlert> {

    /** Metric group of the alert counters: {@code stream-tokenshare-alerts-metrics}. */
    static final String METRIC_SCOPE = "tokenshare-alerts";

    static final String METRIC_ENTITY = "share-alerts";
    /** Operation of the counter of FIRED records; the metrics are {@code alerts-fired-total} and {@code -rate}. */
    static final String FIRED_OPERATION = "alerts-fired";
    /** Operation of the counter of RETRACTED records. */
    static final String RETRACTED_OPERATION = "alerts-retracted";

    private static final String RETRACTED_PREFIX = "Retracted, no longer true on revised data: ";

    private final AlertRules rules;
    private final StringSerializer prefixSerializer = new StringSerializer();
    private ProcessorContext<String, ShareAlert> context;
    private KeyValueStore<String, WeekDistribution> distributions;
    private KeyValueStore<String, ShareAlert> alerts;
    private Sensor fired;
    private Sensor retracted;

    AlertEvaluator(AlertRules rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, ShareAlert> context) {
        this.context = context;
        this.distributions = context.getStateStore(StoreNames.ALERT_DISTRIBUTIONS);
        this.alerts = context.getStateStore(StoreNames.SHARE_ALERTS);
        this.fired = context.metrics()
                .addRateTotalSensor(METRIC_SCOPE, METRIC_ENTITY, FIRED_OPERATION, Sensor.RecordingLevel.INFO);
        this.retracted = context.metrics()
                .addRateTotalSensor(METRIC_SCOPE, METRIC_ENTITY, RETRACTED_OPERATION, Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<String, WeekDistribution> record) {
        WeekDistribution distribution = record.value();
        if (distribution == null || (!distribution.getFinal$() && !rules.includeProvisional())) {
            return;
        }
        List<AlertRule> watching = rules.rulesFor(distribution.getDimension(), distribution.getBasis());
        if (watching.isEmpty() || !remember(distribution)) {
            return;
        }
        ShareSeries series = series(distribution);
        for (AlertRule rule : watching) {
            reconcile(
                    rule,
                    PartialWeeks.screen(rule.evaluate(series), series, rules.firesOnPartialWeeks(rule)),
                    record.timestamp());
        }
    }

    /** Stores the distribution unless a newer one of its week is stored; true when it was stored. */
    private boolean remember(WeekDistribution distribution) {
        String key = seriesPrefix(distribution) + distribution.getWeekStart();
        WeekDistribution stored = distributions.get(key);
        if (stored != null
                && stored.getFinal$()
                && (!distribution.getFinal$() || distribution.getRevision() < stored.getRevision())) {
            return false;
        }
        distributions.put(key, distribution);
        return true;
    }

    /** Every stored week of the distribution's dimension and basis, oldest first: ISO dates sort as text. */
    private ShareSeries series(WeekDistribution distribution) {
        List<WeekSnapshot> weeks = new ArrayList<>();
        try (KeyValueIterator<String, WeekDistribution> stored =
                distributions.prefixScan(seriesPrefix(distribution), prefixSerializer)) {
            stored.forEachRemaining(entry -> {
                if (entry.value.getFinal$() || rules.includeProvisional()) {
                    weeks.add(WeekSnapshot.of(entry.value));
                }
            });
        }
        return new ShareSeries(
                distribution.getDimension(), distribution.getBasis(), distribution.getBasisLabel(), weeks);
    }

    private static String seriesPrefix(WeekDistribution distribution) {
        return distribution.getDimension().name().toLowerCase(Locale.ROOT) + '|' + distribution.getBasisLabel() + '|';
    }

    /**
     * Sends what changed between the rule's alerts in the store and the findings that hold now: retractions of sent
     * alerts that no longer hold, then alerts that hold and were never sent, were retracted, were provisional and are
     * now final, or quote figures that a revision changed.
     */
    private void reconcile(AlertRule rule, List<AlertFinding> findings, long timestamp) {
        Map<String, AlertFinding> holding = new LinkedHashMap<>();
        findings.forEach(finding -> holding.put(finding.key(), finding));
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        for (ShareAlert sent : sentAlerts(rule)) {
            if (!holding.containsKey(sent.getAlertKey())) {
                ShareAlert retraction = ShareAlert.newBuilder(sent)
                        .setStatus(AlertStatus.RETRACTED)
                        .setMessage(RETRACTED_PREFIX + sent.getMessage())
                        .setDetectedAt(detectedAt(sent, now))
                        .build();
                send(retraction, timestamp);
                retracted.record();
            }
        }
        for (AlertFinding finding : holding.values()) {
            ShareAlert stored = alerts.get(finding.key());
            if (stored == null
                    || stored.getStatus() == AlertStatus.RETRACTED
                    || (stored.getProvisional() && !finding.provisional())
                    || quotesOtherFigures(stored, finding)) {
                send(finding.toAlert(AlertStatus.FIRED, detectedAt(stored, now)), timestamp);
                fired.record();
            }
        }
    }

    /**
     * True when the alert in force says something other than the finding that holds now, so that it must be
     * re-issued: a revision changed the figures it quotes. Exempt are a provisional alert and a provisional finding:
     * an open week's figures move with every event, and the alert is re-issued once its weeks close.
     */
    private static boolean quotesOtherFigures(ShareAlert inForce, AlertFinding finding) {
        if (inForce.getProvisional() && finding.provisional()) {
            return false;
        }
        return !finding.toAlert(AlertStatus.FIRED, inForce.getDetectedAt()).equals(inForce);
    }

    /**
     * Now, but at least a millisecond after the alert's previous record: the stream thread reads the clock once per
     * batch of records, and a webhook receiver tells an alert's records apart by 'key|status|detected_at', so a fire,
     * a re-issue and a retraction processed in one batch must not share a time.
     */
    private static Instant detectedAt(ShareAlert previous, Instant now) {
        if (previous == null) {
            return now;
        }
        Instant justAfter = previous.getDetectedAt().plusMillis(1);
        return now.isBefore(justAfter) ? justAfter : now;
    }

    /** The rule's alerts whose latest record is FIRED. */
    private List<ShareAlert> sentAlerts(AlertRule rule) {
        List<ShareAlert> sent = new ArrayList<>();
        try (KeyValueIterator<String, ShareAlert> stored = alerts.prefixScan(rule.id() + '|', prefixSerializer)) {
            stored.forEachRemaining(entry -> {
                if (entry.value.getStatus() == AlertStatus.FIRED) {
                    sent.add(entry.value);
                }
            });
        }
        return sent;
    }

    private void send(ShareAlert alert, long timestamp) {
        alerts.put(alert.getAlertKey(), alert);
        context.forward(new Record<>(alert.getAlertKey(), alert, timestamp));
    }
}
