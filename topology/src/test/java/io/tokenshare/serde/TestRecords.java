package io.tokenshare.serde;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Records of the real generated classes, and their plain Avro encoding made without the serde. */
final class TestRecords {

    private TestRecords() {}

    /** A usage event whose fields all depend on {@code n}, with the optional ones alternately null. */
    static TokenUsageEvent event(int n) {
        boolean split = n % 2 == 0;
        return TokenUsageEvent.newBuilder()
                .setEventId("evt-" + n)
                .setOccurredAt(Instant.ofEpochMilli(1_760_000_000_000L + n * 1_000L))
                .setModelId(n % 3 == 0 ? "deepseek/deepseek-v3.2" : "anthropic/claude-sonnet-4.5")
                .setProvider(split ? "provider-" + n : null)
                .setApp(split ? null : "app-" + n)
                .setCategory(n % 5 == 0 ? "programming" : null)
                .setInputTokens(split ? 100L * n : null)
                .setOutputTokens(split ? 10L * n : null)
                .setTotalTokens(110L * n + 1)
                .setRequests(1 + n % 4)
                .build();
    }

    static ModelOrigin modelOrigin() {
        return ModelOrigin.newBuilder()
                .setLab("DeepSeek")
                .setOrigin(Origin.CN)
                .setOpenWeights(true)
                .setInputUsdPerMtok(0.28)
                .setOutputUsdPerMtok(0.42)
                .setValidFrom(LocalDate.of(2025, 9, 29))
                .setNotes("lab site")
                .build();
    }

    static ShareRow shareRow() {
        return ShareRow.newBuilder()
                .setWeekStart(LocalDate.of(2025, 10, 6))
                .setDimension(ShareDimension.CATEGORY_ORIGIN)
                .setBasis(ShareBasis.TOP_N)
                .setBasisLabel("top9")
                .setMember("programming|CN")
                .setTokens(1_234_567L)
                .setRequests(890L)
                .setTotalTokens(9_876_543L)
                .setTokenShare(0.125)
                .setSpendUsd(12.5)
                .setSpendCoveredTokens(1_000_000L)
                .setTotalSpendUsd(100.0)
                .setSpendShare(0.125)
                .setRank(3)
                .setTokensWowPct(-4.5)
                .setShareWowPoints(null)
                .setRolling4wShare(0.11)
                .setFinal$(true)
                .setRevision(2)
                .setComputedAt(Instant.ofEpochMilli(1_760_000_123_456L))
                .build();
    }

    /** The Avro binary body of {@code record}, written by Avro alone. */
    static byte[] avroBody(SpecificRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(record.getSchema(), SpecificData.getForClass(record.getClass()))
                    .write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Confluent framing written by hand: 0x0, the id big-endian, the body. */
    static byte[] framed(int schemaId, byte[] body) {
        return java.nio.ByteBuffer.allocate(5 + body.length)
                .put((byte) 0)
                .putInt(schemaId)
                .put(body)
                .array();
    }
}
