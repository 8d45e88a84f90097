package io.tokenshare.ingest;

import io.tokenshare.avro.TokenUsageEvent;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is {@code occurred_at}. An event whose time is missing or implausible must not drag
 * stream time to 2099 (every later event would be "late"), nor be dropped silently as a negative
 * timestamp would be: it keeps the partition's time and goes on to be dead-lettered by validation.
 */
public final class UsageTimestampExtractor implements TimestampExtractor {

    private final Clock clock;

    public UsageTimestampExtractor() {
        this(Clock.systemUTC());
    }

    public UsageTimestampExtractor(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof TokenUsageEvent event
                && event.getOccurredAt() != null
                && (isMarker(record) || UsageValidator.isPlausibleTime(event.getOccurredAt(), clock.millis()))) {
            return event.getOccurredAt().toEpochMilli();
        }
        if (partitionTime >= 0) {
            return partitionTime;
        }
        return Math.max(0, record.timestamp());
    }

    private static boolean isMarker(ConsumerRecord<Object, Object> record) {
        return record.headers().lastHeader(ControlHeaders.MARKER) != null;
    }
}
