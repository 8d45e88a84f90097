package io.tokenshare.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.config.EventBounds;
import io.tokenshare.config.SettingsException;
import io.tokenshare.config.TokenshareSettings;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-event bounds: what they reject, with which reason, and how they are configured. */
class EventBoundsTest {

    private static final long NOW = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();

    private static TokenUsageEvent event(String model, long tokens) {
        return TokenUsageEvent.newBuilder()
                .setEventId("e1")
                .setModelId(model)
                .setOccurredAt(Instant.parse("2026-02-10T10:00:00Z"))
                .setTotalTokens(tokens)
                .build();
    }

    private static Optional<DeadLetterReason> reason(TokenUsageEvent e, EventBounds bounds) {
        return UsageValidator.check(e, NOW, bounds).map(Violation::reason);
    }

    @Test
    void aHalfMillionCharacterModelIdIsTooLongAndItsDetailQuotesOnlyItsStart() {
        TokenUsageEvent huge = event("x".repeat(500_000), 1);

        Optional<Violation> v = UsageValidator.check(huge, NOW);

        assertThat(v).map(Violation::reason).contains(DeadLetterReason.IDENTIFIER_TOO_LONG);
        assertThat(v.get().detail())
                .contains("model_id has 500000 characters", "limit of 256", EventBounds.MAX_ID_LENGTH)
                .hasSizeLessThan(300);
    }

    @Test
    void everyIdentifierFieldIsBounded() {
        String longId = "a".repeat(257);
        assertThat(reason(
                        TokenUsageEvent.newBuilder(event("m/a", 1))
                                .setEventId(longId)
                                .build(),
                        EventBounds.DEFAULTS))
                .contains(DeadLetterReason.IDENTIFIER_TOO_LONG);
        assertThat(reason(
                        TokenUsageEvent.newBuilder(event("m/a", 1))
                                .setProvider(longId)
                                .build(),
                        EventBounds.DEFAULTS))
                .contains(DeadLetterReason.IDENTIFIER_TOO_LONG);
        assertThat(reason(
                        TokenUsageEvent.newBuilder(event("m/a", 1))
                                .setApp(longId)
                                .build(),
                        EventBounds.DEFAULTS))
                .contains(DeadLetterReason.IDENTIFIER_TOO_LONG);
        assertThat(reason(
                        TokenUsageEvent.newBuilder(event("m/a", 1))
                                .setCategory(longId)
                                .build(),
                        EventBounds.DEFAULTS))
                .contains(DeadLetterReason.IDENTIFIER_TOO_LONG);
        assertThat(reason(event("a".repeat(256), 1), EventBounds.DEFAULTS)).isEmpty();
    }

    @Test
    void controlCharactersAndUndecodableBytesAreInvalidButEmojiAreText() {
        assertThat(reason(event("deepseek/\u0000v3", 1), EventBounds.DEFAULTS))
                .contains(DeadLetterReason.INVALID_IDENTIFIER);
        assertThat(reason(event("deepseek/v3\uFFFD", 1), EventBounds.DEFAULTS))
                .contains(DeadLetterReason.INVALID_IDENTIFIER);
        assertThat(reason(event("deepseek/v3\uD800", 1), EventBounds.DEFAULTS))
                .contains(DeadLetterReason.INVALID_IDENTIFIER);
        assertThat(reason(event("🤖/model-🚀", 1), EventBounds.DEFAULTS)).isEmpty();
    }

    @Test
    void tokensOfTwoToTheSixtySecondAreAboveTheLimitSoTwoOfThemCannotOverflowAWeek() {
        long hostile = 1L << 62;

        assertThat(reason(event("m/a", hostile), EventBounds.DEFAULTS)).contains(DeadLetterReason.TOKENS_ABOVE_LIMIT);
        // The largest daily roll-up of the shipped rankings passes.
        assertThat(reason(event("m/a", 7_519_183_440_956L), EventBounds.DEFAULTS))
                .isEmpty();
        assertThat(reason(event("m/a", EventBounds.DEFAULT_MAX_TOKENS), EventBounds.DEFAULTS))
                .isEmpty();
    }

    @Test
    void anInputOutputSplitThatWouldOverflowItsSumIsAboveTheLimitNotBelowTheTotal() {
        TokenUsageEvent e = event("m/a", 10);
        e.setInputTokens(Long.MAX_VALUE / 2 + 1);
        e.setOutputTokens(Long.MAX_VALUE / 2 + 1);

        assertThat(reason(e, EventBounds.DEFAULTS)).contains(DeadLetterReason.TOKENS_ABOVE_LIMIT);
    }

    @Test
    void requestsAreBounded() {
        EventBounds bounds = new EventBounds(256, 1000, 10);
        assertThat(reason(
                        TokenUsageEvent.newBuilder(event("m/a", 5))
                                .setRequests(11)
                                .build(),
                        bounds))
                .contains(DeadLetterReason.REQUESTS_ABOVE_LIMIT);
        assertThat(reason(
                        TokenUsageEvent.newBuilder(event("m/a", 5))
                                .setRequests(10)
                                .build(),
                        bounds))
                .isEmpty();
        assertThat(reason(event("m/a", 1001), bounds)).contains(DeadLetterReason.TOKENS_ABOVE_LIMIT);
    }

    @Test
    void theBoundsAreSettingsWithDefaultsAndClearErrors() {
        assertThat(TokenshareSettings.defaultSettings().eventBounds()).isEqualTo(EventBounds.DEFAULTS);
        TokenshareSettings set = TokenshareSettings.fromProperties(Map.of(
                EventBounds.MAX_ID_LENGTH, "64", EventBounds.MAX_TOKENS, "1_000_000", EventBounds.MAX_REQUESTS, "5"));
        assertThat(set.eventBounds()).isEqualTo(new EventBounds(64, 1_000_000, 5));

        assertThatThrownBy(() -> TokenshareSettings.fromProperties(Map.of(EventBounds.MAX_TOKENS, "lots")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining(EventBounds.MAX_TOKENS)
                .hasMessageContaining("whole number");
        assertThatThrownBy(() ->
                        TokenshareSettings.fromProperties(Map.of(EventBounds.MAX_TOKENS, Long.toString(1L << 62))))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("cannot overflow");
        assertThatThrownBy(() -> TokenshareSettings.fromProperties(Map.of(EventBounds.MAX_ID_LENGTH, "0")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining(EventBounds.MAX_ID_LENGTH);
    }
}
