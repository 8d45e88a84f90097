package io.tokenshare.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ShippedDataTest {

    private static byte[] bytesOf(String resource) throws IOException {
        try (InputStream in = ShippedData.open(resource)) {
            return in.readAllBytes();
        }
    }

    @Test
    void shipsTheRankingsFileUnchanged() throws IOException, NoSuchAlgorithmException {
        byte[] rankings = bytesOf(ShippedData.RANKINGS);

        assertThat(rankings).hasSize(1_702_847);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rankings)))
                .isEqualTo("2db05fefbe27924afb7393b63858c286742f8da77b344464cadc99b27e506c80");
    }

    @Test
    void shipsTheAttributionTheLicenceRequires() throws IOException {
        String license = new String(bytesOf(ShippedData.LICENSE), StandardCharsets.UTF_8);

        assertThat(license)
                .contains(
                        "Source: OpenRouter (openrouter.ai/rankings), as of 2026-10-11T00:27Z. Licensed under CC BY 4.0.");
    }

    @Test
    void aMissingResourceIsNamedInTheError() {
        assertThatThrownBy(() -> ShippedData.open("data/nope.csv"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("data/nope.csv");
    }
}
