package io.tokenshare.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * What the app's producers wrote per topic (changelogs, repartition and subscription topics, sinks),
 * from their {@code producer-topic-metrics}: the write amplification of one input record.
 */
final class TopicWrites {

    private static final String GROUP = "producer-topic-metrics";
    private static final String RECORDS = "record-send-total";
    private static final String BYTES = "byte-total";

    private TopicWrites() {}

    /**
     * Records and bytes sent per topic, summed over the app's producers, largest first by bytes.
     *
     * @param internalPrefix stripped from topic names, e.g. {@code <application.id>-}
     */
    static Map<String, PipelineReport.Written> of(Map<MetricName, ? extends Metric> metrics, String internalPrefix) {
        Map<String, long[]> byTopic = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            String topic = name.tags().get("topic");
            if (!GROUP.equals(name.group()) || topic == null || !(metric.metricValue() instanceof Double value)) {
                return;
            }
            long[] sums = byTopic.computeIfAbsent(shortName(topic, internalPrefix), t -> new long[2]);
            if (RECORDS.equals(name.name())) {
                sums[0] += value.longValue();
            } else if (BYTES.equals(name.name())) {
                sums[1] += value.longValue();
            }
        });
        Map<String, PipelineReport.Written> written = new LinkedHashMap<>();
        byTopic.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .forEach(e -> written.put(e.getKey(), new PipelineReport.Written(e.getValue()[0], e.getValue()[1])));
        return written;
    }

    private static String shortName(String topic, String internalPrefix) {
        return topic.startsWith(internalPrefix) ? topic.substring(internalPrefix.length()) : topic;
    }
}
