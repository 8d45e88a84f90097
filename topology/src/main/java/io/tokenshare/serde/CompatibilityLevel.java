package io.tokenshare.serde;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/** The registry's compatibility levels, with the check each stands for. */
enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** What a new subject gets, as in Confluent's registry. */
    static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /** Parses a level name case-insensitively; the error lists the valid names. */
    static CompatibilityLevel parse(String level) {
        if (level != null) {
            try {
                return valueOf(level.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                // fall through to the explanation below
            }
        }
        throw new IllegalArgumentException("Unknown compatibility level '" + level + "': use one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /**
     * Why {@code candidate} may not follow the existing versions at this level; empty when it may.
     *
     * @param existingOldestFirst the subject's versions, oldest first
     */
    List<String> problems(Schema candidate, List<Schema> existingOldestFirst) {
        if (existingOldestFirst.isEmpty()) {
            return List.of();
        }
        List<Schema> checked =
                transitive ? existingOldestFirst : List.of(existingOldestFirst.get(existingOldestFirst.size() - 1));
        List<String> problems = new ArrayList<>();
        for (Schema existing : checked) {
            if (newReadsOld) {
                ReadCompatibility.problems(candidate, existing)
                        .forEach(p -> problems.add("new schema cannot read data written with an earlier one: " + p));
            }
            if (oldReadsNew) {
                ReadCompatibility.problems(existing, candidate)
                        .forEach(
                                p -> problems.add("an earlier schema cannot read data written with the new one: " + p));
            }
        }
        return problems;
    }
}
