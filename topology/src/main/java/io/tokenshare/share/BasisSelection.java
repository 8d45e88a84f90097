package io.tokenshare.share;

import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareBasis;
import io.tokenshare.avro.internal.AttributedModelWeek;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A share basis made concrete: which of a week's models make up the denominator, and the label
 * people write for it ({@code all}, {@code attributed}, {@code top9}).
 */
public final class BasisSelection {

    private static final Comparator<AttributedModelWeek> MOST_TOKENS_FIRST = Comparator.comparingLong(
                    (AttributedModelWeek model) -> model.getUsage().getTokens())
            .reversed()
            .thenComparing(model -> model.getUsage().getModelId());

    private final ShareBasis basis;
    private final int topN;

    private BasisSelection(ShareBasis basis, int topN) {
        this.basis = basis;
        this.topN = topN;
    }

    /** Every model, UNKNOWN and UNATTRIBUTED origins included. */
    public static BasisSelection all() {
        return new BasisSelection(ShareBasis.ALL, 0);
    }

    /** Every model whose origin is known: UNKNOWN and UNATTRIBUTED left out. */
    public static BasisSelection attributed() {
        return new BasisSelection(ShareBasis.ATTRIBUTED, 0);
    }

    /** The week's {@code n} models with the most tokens, pseudo-models left out. */
    public static BasisSelection top(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("top-N basis needs N >= 1 models, got " + n);
        }
        return new BasisSelection(ShareBasis.TOP_N, n);
    }

    /** The three bases every week is computed on, with the given N for the top-N basis. */
    public static List<BasisSelection> everyBasis(int topN) {
        return List.of(all(), attributed(), top(topN));
    }

    /**
     * Whether a model id names a bucket rather than a model: ids without an author part, such as the
     * rankings' {@code other} row. Such a bucket can be larger than any model but is no competitor.
     */
    public static boolean isPseudoModel(String modelId) {
        return modelId.indexOf('/') < 0;
    }

    /** The basis. */
    public ShareBasis basis() {
        return basis;
    }

    /** The basis as people write it: all, attributed, top9. */
    public String label() {
        return switch (basis) {
            case ALL -> "all";
            case ATTRIBUTED -> "attributed";
            case TOP_N -> "top" + topN;
        };
    }

    /** The models of one week that belong to this basis. */
    List<AttributedModelWeek> select(Collection<AttributedModelWeek> weekModels) {
        return switch (basis) {
            case ALL -> List.copyOf(weekModels);
            case ATTRIBUTED -> weekModels.stream()
                    .filter(BasisSelection::hasKnownOrigin)
                    .toList();
            case TOP_N -> weekModels.stream()
                    .filter(model -> !isPseudoModel(model.getUsage().getModelId()))
                    .sorted(MOST_TOKENS_FIRST)
                    .limit(topN)
                    .toList();
        };
    }

    private static boolean hasKnownOrigin(AttributedModelWeek model) {
        return model.getOrigin() != Origin.UNKNOWN && model.getOrigin() != Origin.UNATTRIBUTED;
    }

    @Override
    public String toString() {
        return label();
    }
}
