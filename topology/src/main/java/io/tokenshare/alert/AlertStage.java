package io.tokenshare.alert;

import io.tokenshare.avro.ShareAlert;
import io.tokenshare.avro.WeekDistribution;
import io.tokenshare.serde.AvroSerdes;
import io.tokenshare.config.StoreNames;
import io.tokenshare.config.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The alert stage: weekly distributions in, {@link ShareAlert}s out, on the share-alerts topic keyed by alert key.
 *
 * <p>It keeps every distribution a rule watches in the {@value #DISTRIBUTIONS_STORE} store and the latest record of
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

    /** Key-value store of the watched distributions, key 'dimension|basis_label|week_start'. */
    public static final String DISTRIBUTIONS_STORE = "alert-distributions";
    /** Name of the processor that evaluates the rules. */
    public static final String EVALUATE_PROCESSOR = "evaluate-share-alerts";
    /** Name of the sink that writes the alerts. */
    public static final String ALERTS_SINK = "write-share-alerts";

    private AlertStage() {
    }

    /**
     * Adds the stage to the topology.
     *
     * @param builder       the topology's builder, which receives the stage's stores
     * @param rules         the rules in force
     * @param serdes        where the Avro serdes come from
     * @param topics        topic names
     * @param distributions the share stage's distributions, keyed 'week_start|basis_label|dimension'
     * @return the alerts sent, keyed by alert key, as they are written to the share-alerts topic
     */
    public static KStream<String, ShareAlert> build(StreamsBuilder builder, AlertRules rules, AvroSerdes serdes,
                                                    Topics topics, KStream<String, WeekDistribution> distributions) {
        Serde<ShareAlert> alertSerde = serdes.forValues(ShareAlert.class);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DISTRIBUTIONS_STORE),
                Serdes.String(), serdes.forValues(WeekDistribution.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SHARE_ALERTS),
                Serdes.String(), alertSerde));
        KStream<String, ShareAlert> alerts = distributions.process(() -> new AlertEvaluator(rules),
                Named.as(EVALUATE_PROCESSOR), DISTRIBUTIONS_STORE, StoreNames.SHARE_ALERTS);
        alerts.to(topics.shareAlerts(), Produced.with(Serdes.String(), alertSerde).withName(ALERTS_SINK));
        return alerts;
    }
}
