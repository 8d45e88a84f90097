package io.tokenshare.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the fields of one entry of a rules file, recording every problem with the entry's name and the field's, so
 * that a user sees all mistakes of a file at once.
 */
final class RuleFields {

    private final JsonNode node;
    private final String where;
    private final List<String> problems;

    RuleFields(JsonNode node, String where, List<String> problems) {
        this.node = node;
        this.where = where;
        this.problems = problems;
    }

    void problem(String field, String text) {
        problems.add(where + ": '" + field + "' " + text);
    }

    boolean has(String field) {
        return node.hasNonNull(field);
    }

    /** A required non-blank text; null (with a problem recorded) when missing or not a text. */
    String text(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            problem(field, "is missing");
            return null;
        }
        if ((!value.isTextual() && !value.isNumber()) || value.asText().isBlank()) {
            problem(field, "must be a non-empty text, got " + value);
            return null;
        }
        return value.asText();
    }

    /** A required word out of {@code allowed}; null (with a problem recorded) otherwise. */
    <T> T word(String field, Map<String, T> allowed) {
        String value = text(field);
        if (value == null) {
            return null;
        }
        T meaning = allowed.get(value);
        if (meaning == null) {
            problem(field, "must be one of " + String.join(", ", allowed.keySet()) + ", got '" + value + "'");
        }
        return meaning;
    }

    /** An optional word out of {@code allowed}, {@code fallback} when absent. */
    <T> T word(String field, Map<String, T> allowed, T fallback) {
        return has(field) ? word(field, allowed) : fallback;
    }

    /**
     * A number of at least {@code min} (more than {@code min} when {@code minExcluded}) and at most {@code max};
     * {@code fallback} when absent, or null when absent and required ({@code fallback} null). Numbers may be
     * written as text too ("1e11", "100_000"), since YAML reads 1e11 as a word.
     */
    BigDecimal number(
            String field, BigDecimal fallback, BigDecimal min, boolean minExcluded, BigDecimal max, String meaning) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                problem(field, "is missing: give " + meaning);
            }
            return fallback;
        }
        BigDecimal number = decimal(value);
        boolean tooLow = number != null && (minExcluded ? number.compareTo(min) <= 0 : number.compareTo(min) < 0);
        boolean tooHigh = number != null && max != null && number.compareTo(max) > 0;
        if (number == null || tooLow || tooHigh) {
            problem(field, "must be " + meaning + ", got " + value);
            return fallback;
        }
        return number;
    }

    /** A whole number, with the same rules as {@link #number}. */
    Long whole(String field, Long fallback, long min, String meaning) {
        BigDecimal number = number(
                field,
                fallback == null ? null : BigDecimal.valueOf(fallback),
                BigDecimal.valueOf(min),
                false,
                null,
                meaning);
        if (number == null) {
            return fallback;
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException notWhole) {
            problem(field, "must be " + meaning + " (a whole number), got " + number.toPlainString());
            return fallback;
        }
    }

    /** An optional list of texts, empty when absent. */
    Set<String> texts(String field) {
        JsonNode value = node.get(field);
        Set<String> texts = new LinkedHashSet<>();
        if (value == null || value.isNull()) {
            return texts;
        }
        if (!value.isArray()) {
            problem(field, "must be a list of texts, got " + value);
            return texts;
        }
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank()) {
                problem(field, "must be a list of non-empty texts, got the item " + item);
            } else {
                texts.add(item.asText());
            }
        }
        return texts;
    }

    /** Records a problem for every field outside {@code known}: a typo must not silently mean a default. */
    void rejectUnknown(Set<String> known) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        for (String name : unknown) {
            problem(name, "is not a field here; the fields are " + String.join(", ", new TreeSet<>(known)));
        }
    }

    private static BigDecimal decimal(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.asText().trim().replace("_", ""));
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return null;
    }
}
