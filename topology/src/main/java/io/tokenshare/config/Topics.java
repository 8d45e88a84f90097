package io.tokenshare.config;

import java.util.List;
import java.util.Objects;

/**
 * The names of tokenshare's topics, with an optional prefix so that several deployments can share a
 * cluster. Every component takes its topic names from here, never from a literal.
 */
public final class Topics {

    public static final String TOKEN_USAGE = "token-usage";
    public static final String TOKEN_USAGE_DLQ = "token-usage-dlq";
    public static final String MODEL_ORIGINS = "model-origins";
    public static final String SHARE_BY_ORIGIN = "share-by-origin";
    public static final String SHARE_BY_LAB = "share-by-lab";
    public static final String SHARE_BY_MODEL = "share-by-model";
    public static final String SHARE_BY_CATEGORY = "share-by-category";
    public static final String SHARE_ALERTS = "share-alerts";

    private final String prefix;

    public Topics(String prefix) {
        this.prefix = Objects.requireNonNullElse(prefix, "");
    }

    /** Topic names without a prefix: the defaults. */
    public static Topics unprefixed() {
        return new Topics("");
    }

    public String prefix() {
        return prefix;
    }

    public String tokenUsage() {
        return prefix + TOKEN_USAGE;
    }

    public String tokenUsageDlq() {
        return prefix + TOKEN_USAGE_DLQ;
    }

    public String modelOrigins() {
        return prefix + MODEL_ORIGINS;
    }

    public String shareByOrigin() {
        return prefix + SHARE_BY_ORIGIN;
    }

    public String shareByLab() {
        return prefix + SHARE_BY_LAB;
    }

    public String shareByModel() {
        return prefix + SHARE_BY_MODEL;
    }

    public String shareByCategory() {
        return prefix + SHARE_BY_CATEGORY;
    }

    public String shareAlerts() {
        return prefix + SHARE_ALERTS;
    }

    /** The four share topics, in dimension order origin, lab, model, category. */
    public List<String> shareTopics() {
        return List.of(shareByOrigin(), shareByLab(), shareByModel(), shareByCategory());
    }
}
