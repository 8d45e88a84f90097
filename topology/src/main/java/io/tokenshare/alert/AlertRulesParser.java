package io.tokenshare.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Turns the tree of a rules file into {@link AlertRules}, or an {@link InvalidAlertRulesException} listing every problem. */
final class AlertRulesParser {

    static final String CROSSOVER = "crossover";
    static final String THRESHOLD = "threshold";
    static final String TURNING_POINT = "turning-point";
    static final String SURGE = "surge";
    static final String NEW_LEADER = "new-leader";
    /** File-wide default and per-rule option: whether rules fire on findings that read a partial week. */
    static final String INCLUDE_PARTIAL_WEEKS = "includePartialWeeks";

    private static final Map<String, Set<String>> FIELDS_BY_KIND = new LinkedHashMap<>();
    private static final Map<String, String> KINDS = new LinkedHashMap<>();
    private static final Map<String, ShareDimension> DIMENSIONS = new LinkedHashMap<>();
    private static final Map<String, ShareBasis> BASES = new LinkedHashMap<>();
    private static final Map<String, ThresholdRule.Direction> THRESHOLD_DIRECTIONS = new LinkedHashMap<>();
    private static final Map<String, TurningPointRule.Direction> TURNING_DIRECTIONS = new LinkedHashMap<>();
    private static final Set<String> ORIGIN_CODES = new LinkedHashSet<>();
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final BigDecimal ZERO = BigDecimal.ZERO;
    private static final BigDecimal ONE = BigDecimal.ONE;

    static {
        FIELDS_BY_KIND.put(CROSSOVER, Set.of("a", "b", "minMarginPoints"));
        FIELDS_BY_KIND.put(THRESHOLD, Set.of("member", "level", "direction", "hysteresisPoints"));
        FIELDS_BY_KIND.put(TURNING_POINT, Set.of("member", "direction", "confirmWeeks", "minMovePoints"));
        FIELDS_BY_KIND.put(SURGE, Set.of("member", "minGrowthPct", "minTokens"));
        FIELDS_BY_KIND.put(NEW_LEADER, Set.of("ignore"));
        FIELDS_BY_KIND.keySet().forEach(kind -> KINDS.put(kind, kind));
        DIMENSIONS.put("origin", ShareDimension.ORIGIN);
        DIMENSIONS.put("lab", ShareDimension.LAB);
        DIMENSIONS.put("model", ShareDimension.MODEL);
        DIMENSIONS.put("category", ShareDimension.CATEGORY);
        BASES.put("all", ShareBasis.ALL);
        BASES.put("attributed", ShareBasis.ATTRIBUTED);
        BASES.put("topN", ShareBasis.TOP_N);
        for (ThresholdRule.Direction direction : ThresholdRule.Direction.values()) {
            THRESHOLD_DIRECTIONS.put(direction.word(), direction);
        }
        for (TurningPointRule.Direction direction : TurningPointRule.Direction.values()) {
            TURNING_DIRECTIONS.put(direction.word(), direction);
        }
        Arrays.stream(Origin.values()).map(Origin::name).forEach(ORIGIN_CODES::add);
    }

    private final String source;
    private final List<String> problems = new ArrayList<>();

    private AlertRulesParser(String source) {
        this.source = source;
    }

    static AlertRules parse(JsonNode root, String source) {
        return new AlertRulesParser(source).parse(root);
    }

    private AlertRules parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidAlertRulesException(
                    source,
                    List.of("the file must be a mapping with a 'rules' list (and optionally 'includeProvisional')"));
        }
        RuleFields file = new RuleFields(root, "the file", problems);
        file.rejectUnknown(Set.of("includeProvisional", INCLUDE_PARTIAL_WEEKS, "rules"));
        boolean includeProvisional = flag(root, "includeProvisional", "the file", false);
        boolean partialWeeksByDefault = flag(root, INCLUDE_PARTIAL_WEEKS, "the file", false);
        List<AlertRule> rules = new ArrayList<>();
        Set<String> firingOnPartialWeeks = new LinkedHashSet<>();
        JsonNode list = root.get("rules");
        if (list == null || !list.isArray()) {
            file.problem("rules", "must be a list of rules, got " + (list == null ? "nothing" : list.toString()));
        } else {
            Map<String, Integer> positionById = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                AlertRule rule = rule(list.get(i), i, positionById);
                if (rule != null) {
                    rules.add(rule);
                    if (flag(list.get(i), INCLUDE_PARTIAL_WEEKS, "rule '" + rule.id() + "'", partialWeeksByDefault)) {
                        firingOnPartialWeeks.add(rule.id());
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidAlertRulesException(source, problems);
        }
        return AlertRules.of(includeProvisional, rules, firingOnPartialWeeks);
    }

    private boolean flag(JsonNode node, String name, String where, boolean absent) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            problems.add(where + ": '" + name + "' must be true or false, got " + value);
            return absent;
        }
        return value.booleanValue();
    }

    private AlertRule rule(JsonNode node, int position, Map<String, Integer> positionById) {
        String at = "rules[" + position + "]";
        if (!node.isObject()) {
            problems.add(at + ": must be a mapping of fields (id, kind, dimension, basis, ...), got " + node);
            return null;
        }
        String id = node.hasNonNull("id") ? node.get("id").asText() : null;
        RuleFields fields = new RuleFields(node, id == null ? at : "rule '" + id + "' (" + at + ")", problems);
        int before = problems.size();
        id = ruleId(fields, position, positionById);
        String kind = fields.word("kind", KINDS);
        ShareDimension dimension = fields.word("dimension", DIMENSIONS);
        ShareBasis basis = fields.word("basis", BASES);
        if (kind == null) {
            return null;
        }
        Set<String> known = new LinkedHashSet<>(List.of("id", "kind", "dimension", "basis", INCLUDE_PARTIAL_WEEKS));
        known.addAll(FIELDS_BY_KIND.get(kind));
        fields.rejectUnknown(known);
        RuleScope scope = dimension == null || basis == null ? null : new RuleScope(dimension, basis);
        Supplier<AlertRule> rule =
                switch (kind) {
                    case CROSSOVER -> crossover(fields, id, scope);
                    case THRESHOLD -> threshold(fields, id, scope);
                    case TURNING_POINT -> turningPoint(fields, id, scope);
                    case SURGE -> surge(fields, id, scope);
                    case NEW_LEADER -> newLeader(fields, id, scope);
                    default -> throw new IllegalStateException("kind without a reader: " + kind);
                };
        return problems.size() == before ? rule.get() : null;
    }

    private String ruleId(RuleFields fields, int position, Map<String, Integer> positionById) {
        String id = fields.text("id");
        if (id == null) {
            return null;
        }
        if (!RULE_ID.matcher(id).matches()) {
            fields.problem(
                    "id",
                    "must be letters, digits, '.', '_' or '-' (it starts every alert key, where '|' and"
                            + " ',' separate parts), got '" + id + "'");
        }
        Integer first = positionById.putIfAbsent(id, position);
        if (first != null) {
            fields.problem("id", "'" + id + "' is already the id of rules[" + first + "]: ids must be unique");
        }
        return id;
    }

    private Supplier<AlertRule> crossover(RuleFields fields, String id, RuleScope scope) {
        String a = member(fields, "a", scope, false);
        String b = member(fields, "b", scope, false);
        if (a != null && a.equals(b)) {
            fields.problem("b", "must differ from 'a' (both are '" + a + "')");
        }
        BigDecimal margin = fields.number(
                "minMarginPoints",
                ZERO,
                ZERO,
                false,
                BigDecimal.valueOf(100),
                "a lead in percentage points from 0 to 100");
        return () -> new CrossoverRule(id, scope, a, b, margin.doubleValue());
    }

    private Supplier<AlertRule> threshold(RuleFields fields, String id, RuleScope scope) {
        String member = member(fields, "member", scope, false);
        BigDecimal level =
                fields.number("level", null, ZERO, true, ONE, "a share above 0 and at most 1 (0.5 means 50 %)");
        ThresholdRule.Direction direction = fields.word("direction", THRESHOLD_DIRECTIONS, ThresholdRule.Direction.UP);
        BigDecimal hysteresis = fields.number(
                "hysteresisPoints", ZERO, ZERO, false, BigDecimal.valueOf(100), "percentage points from 0 to 100");
        return () -> new ThresholdRule(id, scope, member, level.doubleValue(), direction, hysteresis.doubleValue());
    }

    private Supplier<AlertRule> turningPoint(RuleFields fields, String id, RuleScope scope) {
        String member = member(fields, "member", scope, false);
        TurningPointRule.Direction direction =
                fields.word("direction", TURNING_DIRECTIONS, TurningPointRule.Direction.BOTH);
        Long confirmWeeks = fields.whole("confirmWeeks", null, 1, "a number of weeks, 1 or more");
        BigDecimal minMove = fields.number(
                "minMovePoints", null, ZERO, false, BigDecimal.valueOf(100), "percentage points from 0 to 100");
        return () -> new TurningPointRule(
                id, scope, member, direction, (int) Math.min(confirmWeeks, Integer.MAX_VALUE), minMove.doubleValue());
    }

    private Supplier<AlertRule> surge(RuleFields fields, String id, RuleScope scope) {
        String member = member(fields, "member", scope, true);
        BigDecimal growth = fields.number(
                "minGrowthPct", null, ZERO, true, null, "a week-over-week growth in percent above 0 (50 means +50 %)");
        Long minTokens = fields.whole("minTokens", 0L, 0, "a number of tokens, 0 or more");
        return () -> new SurgeRule(id, scope, member, growth.doubleValue(), minTokens);
    }

    private Supplier<AlertRule> newLeader(RuleFields fields, String id, RuleScope scope) {
        Set<String> ignore = fields.texts("ignore");
        return () -> new NewLeaderRule(id, scope, ignore);
    }

    /** A member name; on the origin dimension it must be an origin code, which catches 'China' for 'CN'. */
    private String member(RuleFields fields, String field, RuleScope scope, boolean anyAllowed) {
        String member = fields.text(field);
        if (member == null || (anyAllowed && SurgeRule.ANY_MEMBER.equals(member))) {
            return member;
        }
        if (scope != null && scope.dimension() == ShareDimension.ORIGIN && !ORIGIN_CODES.contains(member)) {
            fields.problem(
                    field,
                    "must be an origin code (" + String.join(", ", ORIGIN_CODES) + (anyAllowed ? ", or 'any'" : "")
                            + ") on the origin dimension, got '" + member + "'");
        }
        return member;
    }
}
