package io.tokenshare.alert;

import java.util.List;

/**
 * A rules file that cannot be used: unreadable, not YAML or JSON, or with rules that break the documented format.
 * The message lists every problem found, one a line, each naming the rule and the field.
 */
public final class InvalidAlertRulesException extends RuntimeException {

    private final List<String> problems;

    InvalidAlertRulesException(String source, List<String> problems) {
        super("invalid alert rules in " + source + ":\n  " + String.join("\n  ", problems)
                + "\nSee the comments at the top of the default alert-rules.yaml for the format.");
        this.problems = List.copyOf(problems);
    }

    InvalidAlertRulesException(String source, String problem, Throwable cause) {
        super("invalid alert rules in " + source + ": " + problem, cause);
        this.problems = List.of(problem);
    }

    /** Each problem found, naming the rule and the field. */
    public List<String> problems() {
        return problems;
    }
}
