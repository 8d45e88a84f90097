package io.tokenshare.alert;

import io.tokenshare.avro.ShareAlert;
import io.tokenshare.avro.WeekDistribution;
import io.tokenshare.config.StageContext;
import io.tokenshare.config.StoreNames;
import io.tokenshare.serde.AvroSerdes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The alert stage: weekly distributions in, {@link ShareAlert}s out, on the share-alerts topic keyed by alert key.
 *
 * <p>It keeps every distribution a rule watches in the {@link StoreNames#ALERT_DISTRIBUTIONS} store and the latest record of
 * every alert in {@link StoreNames#SHARE_ALERTS}. Each distribution re-evaluates the rules of its dimension and basis
 * over the whole stored series, then compares with the stored alerts: an alert that holds and was never sent (or was
 * retracted, or was sent as provisional and now rests on closed weeks) is FIRED, one that was sent and no longer
 * holds is RETRACTED. An alert in force always quotes the current final figures: when a revision changes anything it
 * quotes (its values, margin, growth, weeks or message), it is FIRED again under its key with the new figures.
 * Anything else is left alone, so a restart, a re-processed input or a revision that changes nothing the alert
 * quotes never sends it twice, and a revision of week W settles every alert that rests on W: those of W and later
 * weeks, and a turning point named at an earlier week that W confirmed. Provisional alerts are the exception: sent
 * once while their weeks are open, whatever the open weeks' figures do next, and FIRED again with the final figures
 * once those weeks close. Each record of an alert key is detected at least a millisecond after the one before, so
 * 'key|status|detected_at' tells a re-issue from the original. Under exactly_once_v2 the stores and the output
 * commit together.
 *
 * <p>The stage needs all weeks of a series in one task: the distributions must arrive on one partition, as the
 * single-partition share stage writes them.
 */
public final class AlertStage {

    /** Name of the processor that evaluates the rules. */
    public static final String EVALUATE_PROCESSOR = "evaluate-share-alerts";
    /** Name of the sink that writes the alerts. */
    public static final String ALERTS_SINK = "write-share-alerts";

    private AlertStage() {}

    /**
     * Adds the stage to the topology.
     *
     * @param context       the builder, settings (topic names) and serdes
     * @param rules         the rules in force
     * @param distributions the share stage's distributions, keyed 'week_start|basis_label|dimension'
     * @return the alerts sent, keyed by alert key, as they are written to the share-alerts topic
     */
    public static KStream<String, ShareAlert> build(
            StageContext context, AlertRules rules, KStream<String, WeekDistribution> distributions) {
        Serde<ShareAlert> alertSerde = context.serdes().forValues(ShareAlert.class);
        KStream<String, ShareAlert> alerts =
                distributions.process(evaluator(rules, context.serdes(), alertSerde), Named.as(EVALUATE_PROCESSOR));
        alerts.to(
                context.settings().topics().shareAlerts(),
                Produced.with(Serdes.String(), alertSerde).withName(ALERTS_SINK));
        return alerts;
    }

    private static ProcessorSupplier<String, WeekDistribution, String, ShareAlert> evaluator(
            AlertRules rules, AvroSerdes serdes, Serde<ShareAlert> alertSerde) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, WeekDistribution, String, ShareAlert> get() {
                return new AlertEvaluator(rules);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // Ordered, so that the topology description (and topology-docs/) is the same on every run.
                return new LinkedHashSet<>(List.of(
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.ALERT_DISTRIBUTIONS),
                                Serdes.String(),
                                serdes.forValues(WeekDistribution.class)),
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(StoreNames.SHARE_ALERTS), Serdes.String(), alertSerde)));
            }
        };
    }
}
