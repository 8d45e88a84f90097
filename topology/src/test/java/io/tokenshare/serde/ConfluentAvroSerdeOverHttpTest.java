package io.tokenshare.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.avro.TokenUsageEvent;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The serde against a real HTTP registry endpoint that hands out an id using all four header bytes. */
class ConfluentAvroSerdeOverHttpTest {

    private static final int FOUR_BYTE_ID = 0x01020304;

    private final CannedRegistryServer server = CannedRegistryServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void theIdIsWrittenBigEndianAndTheWriterSchemaFetchedByIt() throws Exception {
        String schemaAnswer = new ObjectMapper()
                .writeValueAsString(
                        Map.of("schema", TokenUsageEvent.getClassSchema().toString()));
        server.answer("POST", "/subjects/token-usage-value/versions", 200, "{\"id\": " + FOUR_BYTE_ID + "}")
                .answer("GET", "/schemas/ids/" + FOUR_BYTE_ID, 200, schemaAnswer);
        Map<String, Object> configs = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url());
        TokenUsageEvent event = TestRecords.event(9);

        byte[] bytes;
        try (ConfluentAvroSerde<TokenUsageEvent> writer =
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, configs)) {
            bytes = writer.serializer().serialize("token-usage", event);
            writer.serializer().serialize("token-usage", TestRecords.event(10));
        }
        TokenUsageEvent read;
        try (ConfluentAvroSerde<TokenUsageEvent> reader =
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, configs)) {
            read = reader.deserializer().deserialize("token-usage", bytes);
            reader.deserializer().deserialize("token-usage", bytes);
        }

        assertThat(bytes).startsWith(0x00, 0x01, 0x02, 0x03, 0x04);
        assertThat(bytes).isEqualTo(TestRecords.framed(FOUR_BYTE_ID, TestRecords.avroBody(event)));
        assertThat(read).isEqualTo(event);
        assertThat(server.requests())
                .extracting(CannedRegistryServer.Request::rawPath)
                .as("one registration and one schema fetch, whatever the number of records")
                .containsExactly("/subjects/token-usage-value/versions", "/schemas/ids/" + FOUR_BYTE_ID);
    }

    @Test
    void theAppsSerdesShareOneClientSoAWrittenSchemaIsNotFetchedToReadIt() throws Exception {
        server.answer("POST", "/subjects/token-usage-value/versions", 200, "{\"id\": " + FOUR_BYTE_ID + "}");
        SchemaRegistryAvroSerdes serdes =
                new SchemaRegistryAvroSerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url()));
        TokenUsageEvent event = TestRecords.event(11);

        byte[] bytes = serdes.forValues(TokenUsageEvent.class).serializer().serialize("token-usage", event);
        TokenUsageEvent read =
                serdes.forValues(TokenUsageEvent.class).deserializer().deserialize("token-usage", bytes);

        assertThat(read).isEqualTo(event);
        assertThat(server.requests())
                .extracting(CannedRegistryServer.Request::rawPath)
                .as("the reader finds the schema the writer registered in the client they share")
                .containsExactly("/subjects/token-usage-value/versions");
    }
}
