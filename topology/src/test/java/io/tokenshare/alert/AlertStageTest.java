package io.tokenshare.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.tokenshare.avro.AlertStatus;
import io.tokenshare.avro.ShareAlert;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.WeekDistribution;
import io.tokenshare.config.StageContext;
import io.tokenshare.config.StoreNames;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.config.Topics;
import io.tokenshare.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertStageTest {

    private static final String DISTRIBUTIONS_TOPIC = "week-distributions";
    private static final Instant NOW = Instant.parse("2026-04-28T09:00:00Z");
    private static final long B = 1_000_000_000L;
    private static final RuleScope ORIGIN_ALL = new RuleScope(ShareDimension.ORIGIN, ShareBasis.ALL);
    private static final CrossoverRule CN_US = new CrossoverRule("cn-us", ORIGIN_ALL, "CN", "US", 2.0);

    private final Topics topics = Topics.unprefixed();
    private final AvroSerdes serdes = new MockRegistrySerdes("alert-stage-test");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, WeekDistribution> distributions;
    private TestOutputTopic<String, ShareAlert> alerts;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void everyRuleKindSendsItsAlertsThroughTheStage() {
        start(AlertRules.of(
                false,
                List.of(
                        CN_US,
                        new ThresholdRule("cn-50", ORIGIN_ALL, "CN", 0.5, ThresholdRule.Direction.UP, 2.0),
                        new TurningPointRule("cn-turns", ORIGIN_ALL, "CN", TurningPointRule.Direction.BOTH, 2, 8),
                        new SurgeRule("origin-surge", ORIGIN_ALL, "any", 50, 100 * B),
                        new NewLeaderRule("leader", new RuleScope(ShareDimension.MODEL, ShareBasis.ALL), Set.of()))));
        DistributionFixture origins = DistributionFixture.origins(ShareBasis.ALL, "all")
                .tokens("2026-03-02", "CN", 300 * B, "US", 500 * B, "OTHER", 200 * B)
                .tokens("2026-03-09", "CN", 480 * B, "US", 420 * B, "OTHER", 200 * B)
                .tokens("2026-03-16", "CN", 700 * B, "US", 300 * B, "OTHER", 200 * B)
                .tokens("2026-03-23", "CN", 500 * B, "US", 400 * B, "OTHER", 200 * B)
                .tokens("2026-03-30", "CN", 400 * B, "US", 450 * B, "OTHER", 200 * B);
        DistributionFixture models = DistributionFixture.of(ShareDimension.MODEL, ShareBasis.ALL, "all")
                .tokens("2026-03-02", "model-a", 100 * B, "model-b", 80 * B)
                .tokens("2026-03-09", "model-a", 90 * B, "model-b", 120 * B);
        DistributionFixture categoriesNoRuleWatches = DistributionFixture.of(
                        ShareDimension.CATEGORY, ShareBasis.ALL, "all")
                .tokens("2026-03-02", "programming", 500 * B);

        pipe(categoriesNoRuleWatches.all());
        for (int week = 0; week < origins.all().size(); week++) {
            pipe(List.of(origins.all().get(week)));
            if (week < models.all().size()) {
                pipe(List.of(models.all().get(week)));
            }
        }

        List<KeyValue<String, ShareAlert>> sent = alerts.readKeyValuesToList();
        // W2: CN 43.6 % vs US 38.2 % and CN tokens +60 %; W3: CN 58.3 %; W5: US 42.9 % vs CN 38.1 %, 20 points
        // under the W3 peak two weeks on.
        assertThat(sent)
                .extracting(kv -> kv.key, kv -> kv.value.getStatus())
                .containsExactly(
                        tuple("cn-us|CN,US|2026-03-09|up", AlertStatus.FIRED),
                        tuple("origin-surge|CN|2026-03-09", AlertStatus.FIRED),
                        tuple("leader|model-b,model-a|2026-03-09", AlertStatus.FIRED),
                        tuple("cn-50|CN|2026-03-16|up", AlertStatus.FIRED),
                        tuple("cn-us|CN,US|2026-03-30|down", AlertStatus.FIRED),
                        tuple("cn-turns|CN|2026-03-16|peak", AlertStatus.FIRED));
        ShareAlert crossover = sent.get(0).value;
        assertThat(crossover.getAlertKey()).isEqualTo(sent.get(0).key);
        assertThat(crossover.getMessage())
                .isEqualTo(
                        "China-origin models overtook US-origin models: 43.6 % vs 38.2 % of all tokens, week of 2026-03-09");
        assertThat(crossover.getDetectedAt()).isEqualTo(NOW);
        assertThat(crossover.getProvisional()).isFalse();
        assertThat(storedAlerts())
                .containsOnlyKeys(sent.stream().map(kv -> kv.key).toList());
        assertThat(storedDistributionKeys())
                .allMatch(key -> key.startsWith("origin|all|") || key.startsWith("model|all|"))
                .hasSize(7);
    }

    @Test
    void aRevisionThatMakesACrossoverUntrueRetractsItAndFiresTheOneThatNowHolds() {
        start(AlertRules.of(false, List.of(CN_US)));
        DistributionFixture origins = DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-03-02", "CN", 40, "US", 50)
                .percent("2026-03-09", "CN", 50, "US", 45)
                .percent("2026-03-16", "CN", 52, "US", 44);
        pipe(origins.all());
        assertThat(alerts.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("cn-us|CN,US|2026-03-09|up");

        pipe(List.of(origins.revise("2026-03-09", 1, "CN", 44, "US", 48)));

        List<KeyValue<String, ShareAlert>> sent = alerts.readKeyValuesToList();
        assertThat(sent)
                .extracting(kv -> kv.key, kv -> kv.value.getStatus())
                .containsExactly(
                        tuple("cn-us|CN,US|2026-03-09|up", AlertStatus.RETRACTED),
                        tuple("cn-us|CN,US|2026-03-16|up", AlertStatus.FIRED));
        assertThat(sent.get(0).value.getMessage())
                .isEqualTo("Retracted, no longer true on revised data: China-origin"
                        + " models overtook US-origin models: 50.0 % vs 45.0 % of all tokens, week of 2026-03-09");
        assertThat(sent.get(1).value.getBeforeWeekStart()).hasToString("2026-03-09");
        assertThat(sent.get(1).value.getValues().get(1).getShareBefore()).isEqualTo(0.48);
        assertThat(storedAlerts()).containsOnlyKeys("cn-us|CN,US|2026-03-09|up", "cn-us|CN,US|2026-03-16|up");
        assertThat(storedAlerts().get("cn-us|CN,US|2026-03-09|up").getStatus()).isEqualTo(AlertStatus.RETRACTED);
        assertThat(counter(AlertEvaluator.FIRED_OPERATION)).isEqualTo(2.0);
        assertThat(counter(AlertEvaluator.RETRACTED_OPERATION)).isEqualTo(1.0);
    }

    @Test
    void aRevisionOfTheConfirmingWeekRetractsATurningPointNamedAtAnEarlierWeekUntilALaterWeekConfirmsIt() {
        start(AlertRules.of(
                false,
                List.of(new TurningPointRule("cn-turns", ORIGIN_ALL, "CN", TurningPointRule.Direction.PEAK, 1, 8))));
        DistributionFixture origins = DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-03-02", "CN", 30)
                .percent("2026-03-09", "CN", 50)
                .percent("2026-03-16", "CN", 40);
        pipe(origins.all());
        assertThat(alerts.readKeyValuesToList())
                .extracting(kv -> kv.key)
                .containsExactly("cn-turns|CN|2026-03-09|peak");

        pipe(List.of(origins.revise("2026-03-16", 1, "CN", 45)));
        pipe(origins.percent("2026-03-23", "CN", 38).all().subList(3, 4));

        assertThat(alerts.readKeyValuesToList())
                .extracting(kv -> kv.key, kv -> kv.value.getStatus(), kv -> kv.value
                        .getConfirmedWeekStart()
                        .toString())
                .containsExactly(
                        tuple("cn-turns|CN|2026-03-09|peak", AlertStatus.RETRACTED, "2026-03-16"),
                        tuple("cn-turns|CN|2026-03-09|peak", AlertStatus.FIRED, "2026-03-23"));
    }

    @Test
    void aRevisionThatChangesNoAlertSendsNothingAndAStaleRevisionIsIgnored() {
        start(AlertRules.of(false, List.of(CN_US)));
        DistributionFixture origins = DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-03-02", "CN", 40, "US", 50)
                .percent("2026-03-09", "CN", 50, "US", 45);
        pipe(origins.all());
        alerts.readKeyValuesToList();
        WeekDistribution sameFigures = origins.revise("2026-03-09", 1, "CN", 50, "US", 45);
        WeekDistribution behind = origins.revise("2026-03-09", 2, "CN", 44, "US", 48);

        pipe(List.of(sameFigures));
        assertThat(alerts.readKeyValuesToList()).isEmpty();
        pipe(List.of(behind));
        assertThat(alerts.readKeyValuesToList())
                .extracting(kv -> kv.value.getStatus())
                .containsExactly(AlertStatus.RETRACTED);
        pipe(List.of(sameFigures));
        assertThat(alerts.readKeyValuesToList()).isEmpty();
    }

    @Test
    void aRevisionThatChangesTheFiguresOfACrossoverInForceReissuesItWithTheNewFigures() {
        start(AlertRules.of(false, List.of(CN_US)));
        DistributionFixture origins = DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-03-02", "CN", 40, "US", 50)
                .percent("2026-03-09", "CN", 50, "US", 45)
                .percent("2026-03-16", "CN", 52, "US", 44);
        pipe(origins.all());
        ShareAlert original = alerts.readValue();
        assertThat(alerts.isEmpty()).isTrue();

        pipe(List.of(origins.revise("2026-03-09", 1, "CN", 53, "US", 41)));

        ShareAlert reissued = alerts.readValue();
        assertThat(alerts.isEmpty()).as("one record for one revision").isTrue();
        assertThat(reissued.getAlertKey()).isEqualTo(original.getAlertKey()).isEqualTo("cn-us|CN,US|2026-03-09|up");
        assertThat(reissued.getStatus()).isEqualTo(AlertStatus.FIRED);
        assertThat(reissued.getMessage())
                .isEqualTo(
                        "China-origin models overtook US-origin models: 53.0 % vs 41.0 % of all tokens, week of 2026-03-09");
        assertThat(reissued.getValues())
                .extracting(v -> v.getMember(), v -> v.getShareAfter(), v -> v.getShareBefore())
                .containsExactly(tuple("CN", 0.53, 0.4), tuple("US", 0.41, 0.5));
        assertThat(reissued.getMarginPoints()).isCloseTo(12.0, within(1e-9));
        assertThat(reissued.getProvisional()).isFalse();
        // The clock of the test driver stands still, as a stream thread's does within a batch: the re-issue must
        // still differ from the original in 'key|status|detected_at', the webhook's idempotency key.
        assertThat(reissued.getDetectedAt()).isAfter(original.getDetectedAt());
        assertThat(storedAlerts().get("cn-us|CN,US|2026-03-09|up")).isEqualTo(reissued);

        // Identical figures under a new revision, then a revision of a week the alert does not quote.
        pipe(List.of(origins.revise("2026-03-09", 2, "CN", 53, "US", 41)));
        pipe(List.of(origins.revise("2026-03-16", 1, "CN", 60, "US", 35)));
        assertThat(alerts.isEmpty()).isTrue();

        pipe(List.of(origins.revise("2026-03-09", 3, "CN", 44, "US", 48)));

        List<KeyValue<String, ShareAlert>> sent = alerts.readKeyValuesToList();
        assertThat(sent)
                .extracting(kv -> kv.key, kv -> kv.value.getStatus())
                .containsExactly(
                        tuple("cn-us|CN,US|2026-03-09|up", AlertStatus.RETRACTED),
                        tuple("cn-us|CN,US|2026-03-16|up", AlertStatus.FIRED));
        assertThat(sent.get(0).value.getMessage())
                .isEqualTo("Retracted, no longer true on revised data: China-origin"
                        + " models overtook US-origin models: 53.0 % vs 41.0 % of all tokens, week of 2026-03-09");
        assertThat(sent.get(0).value.getDetectedAt()).isAfter(reissued.getDetectedAt());
        assertThat(counter(AlertEvaluator.FIRED_OPERATION)).isEqualTo(3.0);
        assertThat(counter(AlertEvaluator.RETRACTED_OPERATION)).isEqualTo(1.0);
    }

    @Test
    void aSurgeFiredOnAWeekThatTurnedFinalTooEarlyQuotesTheCompleteFiguresOnceTheWeeksAreRevised() {
        // Issue 14: 2024-12-30 and 2025-01-06 were first final with part of their tokens; the share stage then
        // re-emitted both, the earlier week first, since the later one's growth reads it.
        start(AlertRules.of(false, List.of(new SurgeRule("us-surge", ORIGIN_ALL, "US", 50, 100 * B))));
        DistributionFixture origins = DistributionFixture.origins(ShareBasis.ALL, "all")
                .tokens("2024-12-30", "US", 136_413_334_620L, "OTHER", 42_802_650_609L)
                .tokens("2025-01-06", "US", 243_907_042_300L, "OTHER", 66_012_957_700L);
        pipe(origins.all());
        ShareAlert early = alerts.readValue();
        assertThat(early.getMessage())
                .isEqualTo("US-origin models' tokens grew 78.8 % week over week to 244 B"
                        + " (78.7 % of all tokens), week of 2025-01-06");

        pipe(List.of(origins.reviseTokens("2024-12-30", 1, "US", 222_251_683_430L, "OTHER", 62_495_934_550L)));
        pipe(List.of(origins.reviseTokens("2025-01-06", 1, "US", 402_565_000_000L, "OTHER", 96_275_000_000L)));

        // One record per revised week: the first takes the earlier week's complete tokens as its 'before', the
        // second the later week's own revision.
        List<ShareAlert> sent = alerts.readValuesToList();
        assertThat(sent)
                .extracting(ShareAlert::getAlertKey, ShareAlert::getStatus)
                .containsExactly(
                        tuple("us-surge|US|2025-01-06", AlertStatus.FIRED),
                        tuple("us-surge|US|2025-01-06", AlertStatus.FIRED));
        assertThat(sent.get(0).getValues().get(0).getTokensBefore()).isEqualTo(222_251_683_430L);
        ShareAlert inForce = sent.get(1);
        assertThat(inForce.getMessage())
                .isEqualTo("US-origin models' tokens grew 81.1 % week over week to 403 B"
                        + " (80.7 % of all tokens), week of 2025-01-06");
        assertThat(inForce.getValues())
                .extracting(v -> v.getTokensBefore(), v -> v.getTokensAfter())
                .containsExactly(tuple(222_251_683_430L, 402_565_000_000L));
        assertThat(inForce.getGrowthPct()).isCloseTo(81.13, within(0.01));
        assertThat(storedAlerts()).containsOnly(Map.entry("us-surge|US|2025-01-06", inForce));
    }

    @Test
    void reprocessingTheSameDistributionsSendsNoAlertTwice() {
        start(AlertRules.defaults());
        List<WeekDistribution> input = spring2026().all();
        pipe(input);
        List<String> first =
                alerts.readKeyValuesToList().stream().map(kv -> kv.key).toList();

        pipe(input);

        // CN passes US by 13.5 points and 50 % in the week of 03-23, US is back ahead by 3.6 points in 04-06,
        // and the 61.8 % peak of 03-30 is 25.6 points behind two weeks later.
        assertThat(first)
                .containsExactly(
                        "cn-us-crossover-all|CN,US|2026-03-23|up",
                        "cn-majority-all|CN|2026-03-23|up",
                        "cn-us-crossover-all|CN,US|2026-04-06|down",
                        "cn-turning-points-all|CN|2026-03-30|peak");
        assertThat(alerts.readKeyValuesToList()).isEmpty();
    }

    @Test
    void afterARestartOnRestoredStoresNoAlertIsSentTwice() {
        start(AlertRules.defaults());
        List<WeekDistribution> input = spring2026().all();
        pipe(input);
        assertThat(alerts.readKeyValuesToList()).hasSize(4);
        Map<String, WeekDistribution> savedDistributions = contents(StoreNames.ALERT_DISTRIBUTIONS);
        Map<String, ShareAlert> savedAlerts = contents(StoreNames.SHARE_ALERTS);
        driver.close();

        // What a restarted instance holds: its stores as committed (restored from disk or changelog), then the
        // input after the last committed offset, which may repeat what was processed before the stop.
        start(AlertRules.defaults());
        KeyValueStore<String, WeekDistribution> distributionStore =
                driver.getKeyValueStore(StoreNames.ALERT_DISTRIBUTIONS);
        savedDistributions.forEach(distributionStore::put);
        KeyValueStore<String, ShareAlert> alertStore = driver.getKeyValueStore(StoreNames.SHARE_ALERTS);
        savedAlerts.forEach(alertStore::put);
        pipe(input);
        pipe(spring2026().percent("2026-04-27", "CN", 47.5, "US", 41.1).all().subList(7, 8));

        // Only what the new week adds: CN ahead again by 6.4 points, and 47.5 % confirms the 36.2 % trough.
        assertThat(alerts.readKeyValuesToList())
                .extracting(kv -> kv.key)
                .containsExactly(
                        "cn-us-crossover-all|CN,US|2026-04-27|up", "cn-turning-points-all|CN|2026-04-13|trough");
    }

    @Test
    void provisionalWeeksAreLeftOutByDefault() {
        start(AlertRules.of(false, List.of(CN_US)));
        DistributionFixture origins = DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-03-02", "CN", 40, "US", 50)
                .percent("2026-03-09", "CN", 50, "US", 45);

        pipe(List.of(
                origins.all().get(0),
                DistributionFixture.withFinal(origins.all().get(1), false)));
        assertThat(alerts.readKeyValuesToList()).isEmpty();
        pipe(List.of(origins.all().get(1)));
        assertThat(alerts.readKeyValuesToList()).singleElement().satisfies(kv -> assertThat(kv.value.getProvisional())
                .isFalse());
    }

    @Test
    void includeProvisionalFiresProvisionalAlertsThatTheClosedWeekConfirmsOrRetracts() {
        start(AlertRules.of(true, List.of(CN_US)));
        DistributionFixture origins = DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-03-02", "CN", 40, "US", 50)
                .percent("2026-03-09", "CN", 50, "US", 45)
                .percent("2026-03-16", "CN", 46, "US", 45);
        WeekDistribution openWeek2 = DistributionFixture.withFinal(origins.all().get(1), false);
        WeekDistribution openWeek3 = DistributionFixture.withFinal(
                DistributionFixture.origins(ShareBasis.ALL, "all")
                        .percent("2026-03-16", "CN", 42, "US", 48)
                        .all()
                        .get(0),
                false);

        pipe(List.of(origins.all().get(0), openWeek2, openWeek2));
        pipe(List.of(origins.all().get(1)));
        pipe(List.of(openWeek3));
        pipe(List.of(origins.all().get(2)));

        assertThat(alerts.readKeyValuesToList())
                .extracting(kv -> kv.key, kv -> kv.value.getStatus(), kv -> kv.value.getProvisional())
                .containsExactly(
                        tuple("cn-us|CN,US|2026-03-09|up", AlertStatus.FIRED, true),
                        tuple("cn-us|CN,US|2026-03-09|up", AlertStatus.FIRED, false),
                        tuple("cn-us|CN,US|2026-03-16|down", AlertStatus.FIRED, true),
                        tuple("cn-us|CN,US|2026-03-16|down", AlertStatus.RETRACTED, true));
    }

    @Test
    void aProvisionalAlertIsNotReissuedAsItsOpenWeekFillsButTakesTheFinalFiguresWhenTheWeekCloses() {
        start(AlertRules.of(true, List.of(CN_US)));

        pipe(List.of(
                week("2026-03-02", true, "CN", 40, "US", 50),
                week("2026-03-09", false, "CN", 50, "US", 45),
                week("2026-03-09", false, "CN", 52, "US", 44),
                week("2026-03-09", true, "CN", 53, "US", 41)));

        assertThat(alerts.readValuesToList())
                .extracting(ShareAlert::getStatus, ShareAlert::getProvisional, ShareAlert::getMessage)
                .containsExactly(
                        tuple(
                                AlertStatus.FIRED,
                                true,
                                "China-origin models overtook US-origin models: 50.0 % vs"
                                        + " 45.0 % of all tokens, week of 2026-03-09"),
                        tuple(
                                AlertStatus.FIRED,
                                false,
                                "China-origin models overtook US-origin models: 53.0 % vs"
                                        + " 41.0 % of all tokens, week of 2026-03-09"));
    }

    @Test
    void everyProcessorAndStoreOfTheStageIsNamed() {
        String description = topology(AlertRules.defaults()).describe().toString();

        assertThat(description)
                .contains(
                        AlertStage.EVALUATE_PROCESSOR,
                        AlertStage.ALERTS_SINK,
                        StoreNames.ALERT_DISTRIBUTIONS,
                        StoreNames.SHARE_ALERTS,
                        topics.shareAlerts());
        assertThat(description).doesNotContain("KSTREAM-");
    }

    /** Whole-platform shares of spring 2026 (shared/market-facts.md and data/README.md). */
    private static DistributionFixture spring2026() {
        return DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent("2026-03-09", "CN", 35.6, "US", 51.2)
                .percent("2026-03-16", "CN", 43.1, "US", 43.5)
                .percent("2026-03-23", "CN", 53.2, "US", 39.7)
                .percent("2026-03-30", "CN", 61.8, "US", 32.1)
                .percent("2026-04-06", "CN", 43.4, "US", 47.0)
                .percent("2026-04-13", "CN", 36.2, "US", 50.8)
                .percent("2026-04-20", "CN", 39.7, "US", 48.5);
    }

    /** One week of origin shares on the 'all' basis, final or still open. */
    private static WeekDistribution week(String weekStart, boolean isFinal, Object... memberThenPercent) {
        WeekDistribution week = DistributionFixture.origins(ShareBasis.ALL, "all")
                .percent(weekStart, memberThenPercent)
                .week(weekStart);
        return DistributionFixture.withFinal(week, isFinal);
    }

    @Test
    void aSurgeAgainstAPartialWeekDoesNotFireByDefault() {
        SurgeRule surge = new SurgeRule("origin-surge", ORIGIN_ALL, "any", 50, 100 * B);
        start(AlertRules.of(false, List.of(surge)));

        pipe(startsOnAWednesday().all());

        assertThat(alerts.readKeyValuesToList())
                .as("a 5-day week against a 7-day week is no surge")
                .isEmpty();
    }

    @Test
    void aSurgeAgainstAPartialWeekFiresWithTheRuleOptionAndSaysTheWeekIsPartial() {
        AlertRules rules = AlertRules.parse(
                """
                rules:
                  - id: origin-surge
                    kind: surge
                    dimension: origin
                    basis: all
                    member: any
                    minGrowthPct: 50
                    minTokens: 100_000_000_000
                    includePartialWeeks: true
                """,
                "partial.yaml");
        start(rules);

        pipe(startsOnAWednesday().all());

        assertThat(alerts.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("origin-surge|US|2026-03-09");
            assertThat(kv.value.getMessage())
                    .isEqualTo(
                            "US-origin models' tokens grew 60.0 % week over week to 400 B"
                                    + " (66.7 % of all tokens), week of 2026-03-09; partial week: 2026-03-02 had data on 5 of 7 days");
        });
    }

    /** A history that starts on a Wednesday: its first week has 5 days, and the next looks like a surge against it. */
    private static DistributionFixture startsOnAWednesday() {
        return DistributionFixture.origins(ShareBasis.ALL, "all")
                .tokens("2026-03-02", "CN", 150 * B, "US", 250 * B)
                .partial(5)
                .tokens("2026-03-09", "CN", 200 * B, "US", 400 * B);
    }

    private void start(AlertRules rules) {
        driver = new TopologyTestDriver(topology(rules), properties(), NOW);
        distributions = driver.createInputTopic(
                DISTRIBUTIONS_TOPIC,
                new StringSerializer(),
                serdes.forValues(WeekDistribution.class).serializer());
        alerts = driver.createOutputTopic(
                topics.shareAlerts(),
                new StringDeserializer(),
                serdes.forValues(ShareAlert.class).deserializer());
    }

    private Topology topology(AlertRules rules) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, WeekDistribution> input = builder.stream(
                DISTRIBUTIONS_TOPIC,
                Consumed.with(Serdes.String(), serdes.forValues(WeekDistribution.class))
                        .withName("read-distributions"));
        AlertStage.build(
                new StageContext(builder, TokenshareSettings.defaultSettings(), serdes, Clock.systemUTC()),
                rules,
                input);
        return builder.build();
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alert-stage-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    private void pipe(List<WeekDistribution> weeks) {
        weeks.forEach(week -> distributions.pipeInput(DistributionFixture.key(week), week));
    }

    private Map<String, ShareAlert> storedAlerts() {
        return contents(StoreNames.SHARE_ALERTS);
    }

    private List<String> storedDistributionKeys() {
        return new ArrayList<>(contents(StoreNames.ALERT_DISTRIBUTIONS).keySet());
    }

    private <V> Map<String, V> contents(String storeName) {
        KeyValueStore<String, V> store = driver.getKeyValueStore(storeName);
        Map<String, V> contents = new LinkedHashMap<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            all.forEachRemaining(entry -> contents.put(entry.key, entry.value));
        }
        return contents;
    }

    private double counter(String operation) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-" + AlertEvaluator.METRIC_SCOPE + "-metrics")
                        && e.getKey().name().equals(operation + "-total"))
                .map(Map.Entry<MetricName, ? extends Metric>::getValue)
                .mapToDouble(metric -> (Double) metric.metricValue())
                .sum();
    }
}
