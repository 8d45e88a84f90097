package io.tokenshare.alert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The alert rules in force, read from a YAML or JSON rules file and checked at start-up, and whether provisional
 * weeks are evaluated too. The format is documented at the top of the default file, {@value #DEFAULT_RESOURCE} on
 * the classpath.
 */
public final class AlertRules {

    /** Classpath location of the rules that ship with tokenshare. */
    public static final String DEFAULT_RESOURCE = "/alert-rules.yaml";

    private final boolean includeProvisional;
    private final List<AlertRule> rules;
    private final Set<String> firingOnPartialWeeks;

    private AlertRules(boolean includeProvisional, List<AlertRule> rules, Set<String> firingOnPartialWeeks) {
        this.includeProvisional = includeProvisional;
        this.rules = List.copyOf(rules);
        this.firingOnPartialWeeks = Set.copyOf(firingOnPartialWeeks);
    }

    /**
     * Rules given in code.
     *
     * @throws IllegalArgumentException when two rules share an id, or an id holds the key separators '|' or ','
     */
    public static AlertRules of(boolean includeProvisional, List<? extends AlertRule> rules) {
        return of(includeProvisional, rules, Set.of());
    }

    /**
     * Rules given in code, of which those with the given ids also fire on partial weeks.
     *
     * @throws IllegalArgumentException as {@link #of(boolean, List)}, or when an id names no rule
     */
    public static AlertRules of(
            boolean includeProvisional, List<? extends AlertRule> rules, Set<String> firingOnPartialWeeks) {
        Set<String> ids = new HashSet<>();
        for (AlertRule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException(
                        "two alert rules have the id '" + rule.id() + "': ids must be unique");
            }
            if (rule.id().contains("|") || rule.id().contains(",")) {
                throw new IllegalArgumentException(
                        "alert rule id '" + rule.id() + "' holds '|' or ',', which separate the parts of alert keys");
            }
        }
        for (String id : firingOnPartialWeeks) {
            if (!ids.contains(id)) {
                throw new IllegalArgumentException(
                        "'" + id + "' should fire on partial weeks, but no rule has that id");
            }
        }
        return new AlertRules(includeProvisional, new ArrayList<>(rules), firingOnPartialWeeks);
    }

    /** The rules that ship with tokenshare. */
    public static AlertRules defaults() {
        try (InputStream in = AlertRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        DEFAULT_RESOURCE + " is missing from the classpath: the build is broken");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE + " from the classpath", e);
        }
    }

    /**
     * Reads a rules file: JSON when its name ends in {@code .json}, YAML otherwise.
     *
     * @throws InvalidAlertRulesException when the file cannot be read or its rules are invalid
     */
    public static AlertRules load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidAlertRulesException(file.toString(), "cannot read the file (" + e + ")", e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses the text of a rules file; {@code source} names it in error messages and tells JSON (ending in
     * {@code .json}) from YAML.
     *
     * @throws InvalidAlertRulesException when the text is not YAML or JSON, or its rules are invalid
     */
    public static AlertRules parse(String text, String source) {
        boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
        ObjectMapper mapper = json ? new JsonMapper() : new YAMLMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidAlertRulesException(
                    source,
                    "not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " at line " + e.getLocation().getLineNr()),
                    e);
        }
        return AlertRulesParser.parse(root, source);
    }

    /** The same rules, with provisional weeks evaluated or not: for a command-line override of the file. */
    public AlertRules withIncludeProvisional(boolean include) {
        return new AlertRules(include, rules, firingOnPartialWeeks);
    }

    /**
     * True when the rule also fires on findings that read a partial week (one with days without data): its
     * {@code includePartialWeeks} option. By default a rule does not, since a week of five days compared with a week
     * of seven shows a change that did not happen.
     */
    public boolean firesOnPartialWeeks(AlertRule rule) {
        return firingOnPartialWeeks.contains(rule.id());
    }

    /** True when provisional (still open) weeks are evaluated too, making provisional alerts. */
    public boolean includeProvisional() {
        return includeProvisional;
    }

    /** Every rule, in file order. */
    public List<AlertRule> rules() {
        return rules;
    }

    /** The rules that watch the given dimension on the given basis, in file order. */
    public List<AlertRule> rulesFor(ShareDimension dimension, ShareBasis basis) {
        RuleScope scope = new RuleScope(Objects.requireNonNull(dimension), Objects.requireNonNull(basis));
        return rules.stream().filter(rule -> rule.scope().equals(scope)).toList();
    }
}
