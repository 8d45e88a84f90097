package io.tokenshare.query;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tokenshare.ingest.DeadLetterReason;
import io.tokenshare.ingest.IngestAccounting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The instance's metrics in Prometheus form: Kafka Streams' own (through Micrometer's binder), the
 * ingest accounting (events read, counted, duplicates, dead letters by reason), and the API's request
 * latencies and forwards.
 *
 * <p>The accounting is the committed counts of the token-usage partitions this instance runs, since each
 * partition's first record: summed over the instances it is the application's, and it moves with a partition
 * to the instance that takes it over. The per-partition gauge lets a dashboard follow one partition across
 * moves (its value never goes down), which the instance totals cannot.
 */
final class QueryMetrics implements AutoCloseable {

    static final String REQUESTS_METRIC = "tokenshare.http.requests";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private final IngestAccounting accounting;
    private final MultiGauge partitionRecords;

    QueryMetrics(KafkaStreams streams, IngestAccounting accounting) {
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        this.accounting = accounting;
        bindIngest(accounting);
        this.partitionRecords = MultiGauge.builder("tokenshare.ingest.partition.records")
                .description(
                        "token-usage records of one partition by fate (read, counted, duplicate, dead_letter), as of"
                                + " its last commit, on the instance that runs the partition")
                .register(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every metric. */
    String scrape() {
        refreshPartitionRecords();
        return registry.scrape();
    }

    /** Partitions come and go with rebalances: the rows are the partitions this instance runs now. */
    private void refreshPartitionRecords() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        Map<Integer, IngestAccounting.PartitionCounts> partitions = accounting.byPartition();
        partitions.forEach((partition, counts) -> {
            rows.add(row(partition, "read", counts, IngestAccounting.PartitionCounts::read));
            rows.add(row(partition, "counted", counts, IngestAccounting.PartitionCounts::counted));
            rows.add(row(partition, "duplicate", counts, IngestAccounting.PartitionCounts::duplicates));
            rows.add(row(partition, "dead_letter", counts, IngestAccounting.PartitionCounts::deadLetterTotal));
        });
        partitionRecords.register(rows, true);
    }

    private static MultiGauge.Row<?> row(
            int partition,
            String fate,
            IngestAccounting.PartitionCounts counts,
            ToLongFunction<IngestAccounting.PartitionCounts> value) {
        return MultiGauge.Row.of(
                Tags.of("partition", Integer.toString(partition), "fate", fate), value.applyAsLong(counts));
    }

    /** Times one HTTP request by route template and status, with a histogram so that p99 can be read off. */
    void recordRequest(String route, int status, float millis) {
        Timer.builder(REQUESTS_METRIC)
                .description("HTTP requests served, by route template and status")
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry)
                .record((long) (millis * 1000), TimeUnit.MICROSECONDS);
    }

    private void bindIngest(IngestAccounting accounting) {
        FunctionCounter.builder("tokenshare.events.read", accounting, IngestAccounting::read)
                .description("token-usage records read, committed, of the partitions this instance runs")
                .register(registry);
        FunctionCounter.builder("tokenshare.events.counted", accounting, IngestAccounting::counted)
                .description("events counted into weekly usage")
                .register(registry);
        FunctionCounter.builder("tokenshare.events.duplicates", accounting, IngestAccounting::duplicates)
                .description("resent events dropped by de-duplication")
                .register(registry);
        FunctionCounter.builder("tokenshare.events.null.key", accounting, IngestAccounting::nullKeyed)
                .description("token-usage records read without a key: resends among them may be counted twice"
                        + " unless tokenshare.ingest.route-by-event-id is true")
                .register(registry);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            FunctionCounter.builder("tokenshare.dead.letters", accounting, a -> a.deadLetters(reason))
                    .description("records sent to the dead-letter topic, by reason")
                    .tag("reason", reason.name())
                    .register(registry);
        }
    }

    @Override
    public void close() {
        streamsMetrics.close();
        registry.close();
    }
}
