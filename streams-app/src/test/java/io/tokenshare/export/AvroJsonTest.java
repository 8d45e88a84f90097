package io.tokenshare.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.serde.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    private static final String SCOPE = "avro-json-test";
    private final Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + SCOPE);
    private final AvroJson json = new AvroJson(InMemorySchemaRegistry.forScope(SCOPE));

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void readsAnyRecordByTheSchemaIdInItsBytes() {
        ShareRow row = ShareRow.newBuilder()
                .setWeekStart(LocalDate.parse("2026-03-23"))
                .setDimension(ShareDimension.ORIGIN)
                .setBasis(ShareBasis.ALL)
                .setBasisLabel("all")
                .setMember("CN")
                .setTokens(42)
                .setRequests(3)
                .setTotalTokens(84)
                .setTokenShare(0.5)
                .setSpendUsd(null)
                .setSpendCoveredTokens(0)
                .setTotalSpendUsd(1.25)
                .setSpendShare(null)
                .setRank(1)
                .setTokensWowPct(null)
                .setShareWowPoints(-2.5)
                .setRolling4wShare(0.25)
                .setFinal$(true)
                .setRevision(2)
                .setComputedAt(Instant.parse("2026-03-30T08:15:00.123Z"))
                .build();
        byte[] bytes = ConfluentAvroSerde.forValues(ShareRow.class, serdeConfig)
                .serializer()
                .serialize("share-alerts", row);

        JsonNode node = json.deserialize("share-alerts", bytes);

        assertThat(node.get("week_start").asText()).isEqualTo("2026-03-23");
        assertThat(node.get("dimension").asText()).isEqualTo("ORIGIN");
        assertThat(node.get("member").asText()).isEqualTo("CN");
        assertThat(node.get("tokens").asLong()).isEqualTo(42);
        assertThat(node.get("rank").asInt()).isEqualTo(1);
        assertThat(node.get("token_share").asDouble()).isEqualTo(0.5);
        assertThat(node.get("spend_usd").isNull()).isTrue();
        assertThat(node.get("total_spend_usd").asDouble()).isEqualTo(1.25);
        assertThat(node.get("share_wow_points").asDouble()).isEqualTo(-2.5);
        assertThat(node.get("final").asBoolean()).isTrue();
        assertThat(node.get("computed_at").asText()).isEqualTo("2026-03-30T08:15:00.123Z");
        assertThat(node.size()).isEqualTo(ShareRow.getClassSchema().getFields().size());
    }

    @Test
    void readsArraysAndMaps() {
        ModelWeekUsage usage = ModelWeekUsage.newBuilder()
                .setModelId("deepseek/deepseek-v3.2")
                .setWeekStart(LocalDate.parse("2026-02-02"))
                .setTokens(5)
                .setRequests(1)
                .setEvents(1)
                .setDailyInputTokens(List.of(1L, 2L))
                .setDailyOutputTokens(List.of())
                .setDailySplitTokens(List.of())
                .setCategoryTokens(Map.of("programming", 5L))
                .setCategoryRequests(Map.of())
                .build();
        byte[] bytes = ConfluentAvroSerde.forValues(ModelWeekUsage.class, serdeConfig)
                .serializer()
                .serialize("t", usage);

        JsonNode node = json.deserialize("t", bytes);

        assertThat(node.get("daily_input_tokens").toString()).isEqualTo("[1,2]");
        assertThat(node.get("category_tokens").get("programming").asLong()).isEqualTo(5);
        assertThat(node.get("category_requests").size()).isZero();
    }

    @Test
    void tombstonesStayNullAndForeignBytesAreRefused() {
        assertThat(json.deserialize("share-alerts", null)).isNull();
        assertThatThrownBy(() -> json.deserialize("share-alerts", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("share-alerts")
                .hasMessageContaining("not Confluent-wire Avro");
    }
}
