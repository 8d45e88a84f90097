package io.tokenshare.alert;

import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.ShareDimension;
import java.util.Objects;

/**
 * The distributions a rule watches: one dimension on one basis.
 *
 * @param dimension what the members are
 * @param basis     the denominator of the shares; {@link ShareBasis#TOP_N} stands for whatever top-N the share stage
 *                  is configured with (top9 by default)
 */
public record RuleScope(ShareDimension dimension, ShareBasis basis) {

    public RuleScope {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(basis, "basis");
    }
}
