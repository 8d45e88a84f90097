package io.tokenshare.alert.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.alert.CrossoverRule;
import io.tokenshare.alert.DistributionFixture;
import io.tokenshare.alert.RuleScope;
import io.tokenshare.avro.AlertStatus;
import io.tokenshare.avro.ShareAlert;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

    @Test
    void eachAlertRecordHasItsOwnKeyAndKeepsItAcrossRedeliveries() {
        DistributionFixture race = DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-03-16", "CN", 43.1, "US", 43.5)
                .percent("2026-03-23", "CN", 53.2, "US", 39.7);
        CrossoverRule rule =
                new CrossoverRule("cn-us", new RuleScope(ShareDimension.ORIGIN, ShareBasis.ALL), "CN", "US", 2);
        ShareAlert fired =
                rule.evaluate(race.series()).get(0).toAlert(AlertStatus.FIRED, Instant.parse("2026-03-24T09:00:00Z"));
        ShareAlert retracted = ShareAlert.newBuilder(fired)
                .setStatus(AlertStatus.RETRACTED)
                .setDetectedAt(Instant.parse("2026-03-25T09:00:00Z"))
                .build();
        ShareAlert firedAgain = ShareAlert.newBuilder(fired)
                .setDetectedAt(Instant.parse("2026-03-26T09:00:00Z"))
                .build();

        assertThat(WebhookNotifier.idempotencyKeyOf(ShareAlert.newBuilder(fired).build()))
                .as("a redelivery of the same record")
                .isEqualTo(WebhookNotifier.idempotencyKeyOf(fired));
        assertThat(List.of(fired, retracted, firedAgain))
                .extracting(WebhookNotifier::idempotencyKeyOf)
                .doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).startsWith(fired.getAlertKey() + "|"));
    }
}
