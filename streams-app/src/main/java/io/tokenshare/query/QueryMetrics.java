package io.tokenshare.query;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tokenshare.ingest.DeadLetterReason;
import io.tokenshare.ingest.IngestAccounting;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The instance's metrics in Prometheus form: Kafka Streams' own (through Micrometer's binder), the
 * ingest accounting (events read, counted, duplicates, dead letters by reason), and the API's request
 * latencies and forwards.
 */
final class QueryMetrics implements AutoCloseable {

    static final String REQUESTS_METRIC = "tokenshare.http.requests";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;

    QueryMetrics(KafkaStreams streams, IngestAccounting accounting) {
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        bindIngest(accounting);
    }

    MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every metric. */
    String scrape() {
        return registry.scrape();
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
                .description("token-usage records read by this instance")
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
