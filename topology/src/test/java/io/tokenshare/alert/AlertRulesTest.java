package io.tokenshare.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertRulesTest {

    @Test
    void theDefaultRulesWatchTheChinaUsRaceOnEveryBasis() {
        AlertRules rules = AlertRules.defaults();

        assertThat(rules.includeProvisional()).isFalse();
        assertThat(rules.rulesFor(ShareDimension.ORIGIN, ShareBasis.ALL))
                .extracting(AlertRule::id)
                .containsExactly("cn-us-crossover-all", "cn-majority-all", "cn-turning-points-all", "origin-surge-all");
        assertThat(rules.rulesFor(ShareDimension.ORIGIN, ShareBasis.ATTRIBUTED))
                .extracting(AlertRule::id)
                .containsExactly("cn-us-crossover-attributed");
        assertThat(rules.rulesFor(ShareDimension.ORIGIN, ShareBasis.TOP_N))
                .extracting(AlertRule::id)
                .containsExactly("cn-us-crossover-top", "cn-turning-points-top");
        assertThat(rules.rules())
                .contains(
                        new CrossoverRule(
                                "cn-us-crossover-all",
                                new RuleScope(ShareDimension.ORIGIN, ShareBasis.ALL),
                                "CN",
                                "US",
                                2.0),
                        new ThresholdRule(
                                "cn-majority-all",
                                new RuleScope(ShareDimension.ORIGIN, ShareBasis.ALL),
                                "CN",
                                0.5,
                                ThresholdRule.Direction.UP,
                                2.0),
                        new SurgeRule(
                                "origin-surge-all",
                                new RuleScope(ShareDimension.ORIGIN, ShareBasis.ALL),
                                "any",
                                50.0,
                                100_000_000_000L),
                        new NewLeaderRule(
                                "model-leader-all",
                                new RuleScope(ShareDimension.MODEL, ShareBasis.ALL),
                                Set.of("other")),
                        new NewLeaderRule(
                                "lab-leader-all",
                                new RuleScope(ShareDimension.LAB, ShareBasis.ALL),
                                Set.of(
                                        "Outside daily top-50",
                                        "OpenRouter stealth/cloaked models",
                                        "Unlabelled stealth models")));
    }

    @Test
    void everyMistakeIsReportedWithItsRuleAndField() {
        String yaml =
                """
                rules:
                  - id: cn-us
                    kind: crossover
                    dimension: origin
                    basis: all
                    a: China
                    b: US
                    minMarginPoint: 2
                  - id: cn-half
                    kind: threshold
                    dimension: origin
                    basis: top9
                    member: CN
                    level: 50
                  - id: cn-us
                    kind: cross-over
                    dimension: origin
                    basis: all
                  - kind: surge
                    dimension: models
                    basis: all
                    minGrowthPct: -5
                """;

        InvalidAlertRulesException invalid =
                catchThrowableOfType(InvalidAlertRulesException.class, () -> AlertRules.parse(yaml, "my-rules.yaml"));

        assertThat(invalid.problems())
                .containsExactlyInAnyOrder(
                        "rule 'cn-us' (rules[0]): 'a' must be an origin code (CN, US, EU, OTHER, UNATTRIBUTED, UNKNOWN) on"
                                + " the origin dimension, got 'China'",
                        "rule 'cn-us' (rules[0]): 'minMarginPoint' is not a field here; the fields are a, b, basis,"
                                + " dimension, id, includePartialWeeks, kind, minMarginPoints",
                        "rule 'cn-half' (rules[1]): 'basis' must be one of all, attributed, topN, got 'top9'",
                        "rule 'cn-half' (rules[1]): 'level' must be a share above 0 and at most 1 (0.5 means 50 %), got 50",
                        "rule 'cn-us' (rules[2]): 'id' 'cn-us' is already the id of rules[0]: ids must be unique",
                        "rule 'cn-us' (rules[2]): 'kind' must be one of crossover, threshold, turning-point, surge,"
                                + " new-leader, got 'cross-over'",
                        "rules[3]: 'id' is missing",
                        "rules[3]: 'dimension' must be one of origin, lab, model, category, got 'models'",
                        "rules[3]: 'member' is missing",
                        "rules[3]: 'minGrowthPct' must be a week-over-week growth in percent above 0 (50 means +50 %), got -5");
        assertThat(invalid).hasMessageStartingWith("invalid alert rules in my-rules.yaml:");
    }

    @Test
    void missingParametersAreNamedWithWhatToGive() {
        String yaml =
                """
                rules:
                  - id: turns
                    kind: turning-point
                    dimension: origin
                    basis: all
                    member: CN
                    direction: peaks
                """;

        assertThatThrownBy(() -> AlertRules.parse(yaml, "r.yaml"))
                .isInstanceOf(InvalidAlertRulesException.class)
                .hasMessageContaining(
                        "rule 'turns' (rules[0]): 'direction' must be one of peak, trough, both," + " got 'peaks'")
                .hasMessageContaining(
                        "rule 'turns' (rules[0]): 'confirmWeeks' is missing: give a number of weeks," + " 1 or more")
                .hasMessageContaining("rule 'turns' (rules[0]): 'minMovePoints' is missing: give percentage points"
                        + " from 0 to 100");
    }

    @Test
    void rulesFireOnPartialWeeksOnlyWhenTheFileOrTheRuleSaysSo() {
        String yaml =
                """
                includePartialWeeks: true
                rules:
                  - {id: a, kind: surge, dimension: origin, basis: all, member: any, minGrowthPct: 50}
                  - {id: b, kind: surge, dimension: origin, basis: all, member: any, minGrowthPct: 50, includePartialWeeks: false}
                """;
        AlertRules fileWide = AlertRules.parse(yaml, "p.yaml");
        assertThat(fileWide.rules()).extracting(fileWide::firesOnPartialWeeks).containsExactly(true, false);
        AlertRules defaults = AlertRules.defaults();
        assertThat(defaults.rules()).noneMatch(defaults::firesOnPartialWeeks);
        assertThatThrownBy(() -> AlertRules.parse(
                        yaml.replace("includePartialWeeks: false", "includePartialWeeks: 1"), "p.yaml"))
                .isInstanceOf(InvalidAlertRulesException.class)
                .hasMessageContaining("rule 'b': 'includePartialWeeks' must be true or false, got 1");
    }

    @Test
    void aFileThatIsNotYamlSaysWhere() {
        assertThatThrownBy(() -> AlertRules.parse("rules:\n  - id: [unclosed\n", "broken.yaml"))
                .isInstanceOf(InvalidAlertRulesException.class)
                .hasMessageContaining("broken.yaml")
                .hasMessageContaining("not valid YAML")
                .hasMessageContaining("line");
    }

    @Test
    void theTopLevelIsChecked() {
        assertThatThrownBy(() -> AlertRules.parse("- id: x\n", "list.yaml"))
                .hasMessageContaining("the file must be a mapping with a 'rules' list");
        assertThatThrownBy(() -> AlertRules.parse("includeProvisional: yes please\nrules: []\n", "p.yaml"))
                .hasMessageContaining("'includeProvisional' must be true or false");
        assertThatThrownBy(() -> AlertRules.parse("rule: []\n", "typo.yaml"))
                .hasMessageContaining("the file: 'rule' is not a field here")
                .hasMessageContaining("the file: 'rules' must be a list of rules, got nothing");
    }

    @Test
    void aJsonFileIsReadAsJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.json");
        Files.writeString(
                file,
                """
                {"includeProvisional": true,
                 "rules": [{"id": "lab-leader", "kind": "new-leader", "dimension": "lab", "basis": "attributed",
                            "ignore": ["Outside daily top-50"]}]}
                """);

        AlertRules rules = AlertRules.load(file);

        assertThat(rules.includeProvisional()).isTrue();
        assertThat(rules.rules())
                .containsExactly(new NewLeaderRule(
                        "lab-leader",
                        new RuleScope(ShareDimension.LAB, ShareBasis.ATTRIBUTED),
                        Set.of("Outside daily top-50")));
    }

    @Test
    void anUnreadableFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere.yaml");

        assertThatThrownBy(() -> AlertRules.load(missing))
                .isInstanceOf(InvalidAlertRulesException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("cannot read the file");
    }

    @Test
    void rulesGivenInCodeNeedUniqueIds() {
        RuleScope scope = new RuleScope(ShareDimension.ORIGIN, ShareBasis.ALL);

        assertThatThrownBy(() -> AlertRules.of(
                        false,
                        List.of(
                                new CrossoverRule("same", scope, "CN", "US", 0),
                                new ThresholdRule("same", scope, "CN", 0.5, ThresholdRule.Direction.UP, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'same'");
    }
}
