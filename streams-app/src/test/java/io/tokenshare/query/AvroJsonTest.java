package io.tokenshare.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.WeekDistribution;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    private static ShareRow row(String member, long tokens) {
        return ShareRow.newBuilder()
                .setWeekStart(LocalDate.of(2026, 3, 23))
                .setDimension(ShareDimension.ORIGIN)
                .setBasis(ShareBasis.ALL)
                .setBasisLabel("all")
                .setMember(member)
                .setTokens(tokens)
                .setRequests(1)
                .setTotalTokens(10)
                .setTokenShare(tokens / 10.0)
                .setRank(1)
                .setRolling4wShare(0.5)
                .setFinal$(true)
                .setComputedAt(Instant.parse("2026-12-01T10:15:30Z"))
                .build();
    }

    @Test
    void specificRecordsBecomeCamelCaseFieldsWithIsoDatesAndEnumNames() {
        Map<String, Object> json = AvroJson.toMap(row("CN", 6));

        assertThat(json)
                .containsEntry("weekStart", "2026-03-23")
                .containsEntry("dimension", "ORIGIN")
                .containsEntry("basisLabel", "all")
                .containsEntry("tokens", 6L)
                .containsEntry("tokenShare", 0.6)
                .containsEntry("spendUsd", null)
                .containsEntry("final", true)
                .containsEntry("computedAt", "2026-12-01T10:15:30Z");
        assertThat(json.keySet()).first().isEqualTo("weekStart");
    }

    @Test
    void nestedRecordsAndArraysAreConvertedAllTheWayDown() {
        WeekDistribution distribution = new WeekDistribution(
                LocalDate.of(2026, 3, 23),
                ShareDimension.ORIGIN,
                ShareBasis.ALL,
                "all",
                true,
                0,
                10L,
                List.of(row("CN", 6), row("US", 4)),
                7,
                0x7F);

        Map<String, Object> json = AvroJson.toMap(distribution);

        assertThat(json.get("rows"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .hasSize(2)
                .first()
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("member", "CN")
                .containsEntry("weekStart", "2026-03-23");
    }

    @Test
    void genericRecordsWithUtf8StringsAndEnumSymbolsBecomeText() {
        Schema kind = SchemaBuilder.enumeration("AlertKind").symbols("CROSSOVER", "SURGE");
        Schema schema = SchemaBuilder.record("ShareAlert")
                .fields()
                .requiredString("alert_key")
                .name("kind")
                .type(kind)
                .noDefault()
                .name("members")
                .type()
                .array()
                .items()
                .stringType()
                .noDefault()
                .name("counts")
                .type()
                .map()
                .values()
                .longType()
                .noDefault()
                .endRecord();
        GenericRecord alert = new GenericData.Record(schema);
        alert.put("alert_key", new org.apache.avro.util.Utf8("cn-us|CN,US|2026-03-23|up"));
        alert.put("kind", new GenericData.EnumSymbol(kind, "CROSSOVER"));
        alert.put("members", List.of(new org.apache.avro.util.Utf8("CN"), "US"));
        alert.put("counts", Map.of(new org.apache.avro.util.Utf8("CN"), 3L));

        assertThat(AvroJson.toMap(alert))
                .containsEntry("alertKey", "cn-us|CN,US|2026-03-23|up")
                .containsEntry("kind", "CROSSOVER")
                .containsEntry("members", List.of("CN", "US"))
                .containsEntry("counts", Map.of("CN", 3L));
    }

    @Test
    void snakeCaseNamesTurnIntoCamelCase() {
        assertThat(AvroJson.camelCase("week_start")).isEqualTo("weekStart");
        assertThat(AvroJson.camelCase("rolling_4w_share")).isEqualTo("rolling4wShare");
        assertThat(AvroJson.camelCase("final")).isEqualTo("final");
        assertThat(AvroJson.camelCase("_private")).isEqualTo("private");
    }
}
