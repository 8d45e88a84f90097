package io.tokenshare;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.ingest.ControlHeaders;
import io.tokenshare.ingest.DeadLetterHeaders;
import io.tokenshare.ingest.IngestAccounting;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.serde.SchemaRegistryAvroSerdes;
import io.tokenshare.window.IsoWeek;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The whole topology in a TopologyTestDriver with an in-memory schema registry: input helpers for
 * events, origins, raw bytes and watermarks, and readers for the share and dead-letter topics.
 */
final class TopologyHarness implements AutoCloseable {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    final TokenshareSettings settings;
    final IngestAccounting accounting = new IngestAccounting();
    final SchemaRegistryAvroSerdes serdes;
    final TopologyTestDriver driver;
    private final String scope = "harness-" + UUID.randomUUID();
    private final TestInputTopic<String, TokenUsageEvent> usage;
    private final TestInputTopic<String, ModelOrigin> origins;
    private final TestInputTopic<byte[], byte[]> rawUsage;
    private int eventSeq;

    TopologyHarness() {
        this(Map.of(), null);
    }

    TopologyHarness(Map<String, String> tokenshareProps, Path stateDir) {
        Map<String, String> withPartitions = new HashMap<>(tokenshareProps);
        // TopologyTestDriver has one partition per topic.
        withPartitions.putIfAbsent(TokenshareSettings.TOKEN_USAGE_PARTITIONS, "1");
        settings = TokenshareSettings.fromProperties(withPartitions);
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
        serdes = new SchemaRegistryAvroSerdes(serdeConfig);
        Map<String, Object> overrides = new HashMap<>(serdeConfig);
        overrides.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        overrides.put(
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir != null ? stateDir.toString() : tempDir().toString());
        overrides.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        Properties props = StreamsDefaults.streamsProperties(overrides, settings, accounting);
        var topology =
                TokenshareTopology.build(new TokenshareTopology.Parts(settings, serdes, accounting, CLOCK), props);
        driver = new TopologyTestDriver(topology, props, Instant.parse("2026-11-30T12:00:00Z"));
        usage = driver.createInputTopic(
                settings.topics().tokenUsage(),
                Serdes.String().serializer(),
                serdes.forValues(TokenUsageEvent.class).serializer());
        origins = driver.createInputTopic(
                settings.topics().modelOrigins(),
                Serdes.String().serializer(),
                serdes.forValues(ModelOrigin.class).serializer());
        rawUsage = driver.createInputTopic(
                settings.topics().tokenUsage(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    static TokenUsageEvent event(String id, String model, String at, long tokens) {
        return TokenUsageEvent.newBuilder()
                .setEventId(id)
                .setModelId(model)
                .setOccurredAt(Instant.parse(at))
                .setTotalTokens(tokens)
                .build();
    }

    void send(TokenUsageEvent e) {
        usage.pipeInput(e.getModelId(), e);
    }

    /** Sends an event under the given record key (null for none), as producers that do not key by model do. */
    void sendKeyed(String key, TokenUsageEvent e) {
        usage.pipeInput(key, e);
    }

    /** Sends a new event with a fresh id. */
    TokenUsageEvent send(String model, String at, long tokens) {
        TokenUsageEvent e = event("e-" + (++eventSeq), model, at, tokens);
        send(e);
        return e;
    }

    void sendRaw(byte[] key, byte[] value) {
        rawUsage.pipeInput(key, value);
    }

    void origin(String key, String lab, Origin origin) {
        origins.pipeInput(
                key, ModelOrigin.newBuilder().setLab(lab).setOrigin(origin).build());
    }

    void origin(String key, ModelOrigin row) {
        origins.pipeInput(key, row);
    }

    void deleteOrigin(String key) {
        origins.pipeInput(key, (ModelOrigin) null);
    }

    /** Advances event time on the input past every week up to {@code at}: a watermark, not counted. */
    void watermark(String at) {
        TokenUsageEvent marker = event("watermark", "tokenshare/watermark", at, 0);
        RecordHeaders headers = new RecordHeaders();
        headers.add(ControlHeaders.MARKER, ControlHeaders.MARKER_WATERMARK.getBytes(StandardCharsets.UTF_8));
        usage.pipeInput(new TestRecord<>(marker.getModelId(), marker, headers, Instant.parse(at)));
    }

    /** Two emit intervals: the first lets the watermark settle, the second emits what is due. */
    void emit() {
        driver.advanceWallClockTime(settings.emitInterval());
        driver.advanceWallClockTime(settings.emitInterval());
    }

    TestOutputTopic<String, ShareRow> shareTopic(String topic) {
        return driver.createOutputTopic(
                topic,
                Serdes.String().deserializer(),
                serdes.forValues(ShareRow.class).deserializer());
    }

    TestOutputTopic<String, TokenUsageEvent> deadLetters() {
        return driver.createOutputTopic(
                settings.topics().tokenUsageDlq(),
                Serdes.String().deserializer(),
                serdes.forValues(TokenUsageEvent.class).deserializer());
    }

    TestOutputTopic<byte[], byte[]> rawDeadLetters() {
        return driver.createOutputTopic(
                settings.topics().tokenUsageDlq(),
                Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    /** The latest row per key of a share topic (what a compacted topic keeps), tombstones removing keys. */
    Map<String, ShareRow> latestRows(String topic) {
        Map<String, ShareRow> latest = new HashMap<>();
        for (TestRecord<String, ShareRow> r : shareTopic(topic).readRecordsToList()) {
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                latest.put(r.key(), r.value());
            }
        }
        return latest;
    }

    static LocalDate monday(String date) {
        return IsoWeek.parse(date).monday();
    }

    static String header(TestRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static List<String> reasons(List<? extends TestRecord<?, ?>> records) {
        return records.stream().map(r -> header(r, DeadLetterHeaders.REASON)).toList();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tokenshare-ttd-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistry.dropScope(scope);
    }
}
