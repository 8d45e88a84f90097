package io.tokenshare.app;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.Topics;
import io.tokenshare.replay.RateLimit;
import io.tokenshare.replay.UsagePublisher;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.testsupport.KafkaTestClients;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Events of the app tests that only need valid traffic in one ISO week: one a second from Tuesday
 * 2026-02-10 10:00 UTC, event {@code i} of {@code 1000 + i} tokens, round-robin over {@code models} models,
 * published with the app's own publisher.
 */
final class SecondByEventTrickle {

    private static final Instant FIRST = Instant.parse("2026-02-10T10:00:00Z");

    private SecondByEventTrickle() {}

    static List<TokenUsageEvent> events(String idPrefix, int count, int models) {
        return IntStream.range(0, count)
                .mapToObj(i -> TokenUsageEvent.newBuilder()
                        .setEventId(idPrefix + i)
                        .setModelId("lab" + (i % models) + "/model")
                        .setOccurredAt(FIRST.plusSeconds(i))
                        .setTotalTokens(1000 + i)
                        .build())
                .toList();
    }

    /** @return the events' tokens */
    static long publish(String bootstrapServers, String registryScope, Topics topics, List<TokenUsageEvent> events) {
        Map<String, Object> registry = Map.of("schema.registry.url", "mock://" + registryScope);
        try (UsagePublisher usage = new UsagePublisher(
                KafkaTestClients.producerConfig(bootstrapServers),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, registry).serializer(),
                topics,
                RateLimit.UNLIMITED)) {
            usage.publishEvents(events.stream(), n -> {});
        }
        return events.stream().mapToLong(TokenUsageEvent::getTotalTokens).sum();
    }
}
