package io.tokenshare.share;

import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareDimension;
import io.tokenshare.avro.internal.AttributedModelWeek;
import io.tokenshare.avro.internal.ModelWeekUsage;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * One week on one basis, tallied by every dimension at once: each member's tokens, requests and
 * spend, and the basis totals that are the denominators of the shares.
 */
final class BasisWeek {

    /** The category of tokens that came without one. */
    static final String UNCATEGORIZED = io.tokenshare.window.ModelWeekUsages.UNCATEGORIZED;

    private static final String CATEGORY_ORIGIN_SEPARATOR = "|";

    private final Map<ShareDimension, Map<String, MemberTally>> tallies = new EnumMap<>(ShareDimension.class);
    private final MemberTally basisTotal = new MemberTally();
    /** Category x origin member names, built once per pair rather than once per model. */
    private final Map<Origin, Map<String, String>> categoryOriginNames = new EnumMap<>(Origin.class);

    private BasisWeek() {
        for (ShareDimension dimension : ShareDimension.values()) {
            tallies.put(dimension, new HashMap<>());
        }
    }

    /** Tallies the given models, which are the whole basis of one week. */
    static BasisWeek of(Collection<AttributedModelWeek> basisModels) {
        BasisWeek distribution = new BasisWeek();
        basisModels.forEach(distribution::add);
        return distribution;
    }

    long totalTokens() {
        return basisTotal.tokens();
    }

    /** Spend of the whole basis; null when no model of it had any spend priced. */
    Double totalSpendUsd() {
        return basisTotal.spendUsd();
    }

    /** The members of a dimension with their tallies; members with no tokens may be among them. */
    Map<String, MemberTally> members(ShareDimension dimension) {
        return tallies.get(dimension);
    }

    /** A member's tokens; 0 for a member absent this week. */
    long tokensOf(ShareDimension dimension, String member) {
        MemberTally tally = tallies.get(dimension).get(member);
        return tally == null ? 0 : tally.tokens();
    }

    /** A member's share of the basis's tokens; 0 when the week has no tokens on this basis. */
    double shareOf(ShareDimension dimension, String member) {
        long total = totalTokens();
        return total == 0 ? 0.0 : (double) tokensOf(dimension, member) / total;
    }

    private void add(AttributedModelWeek model) {
        ModelWeekUsage usage = model.getUsage();
        basisTotal.addUsage(usage.getTokens(), usage.getRequests());
        basisTotal.addSpend(model.getSpendUsd(), model.getSpendCoveredTokens());
        addWithSpend(ShareDimension.ORIGIN, model.getOrigin().name(), model);
        addWithSpend(ShareDimension.LAB, model.getLab(), model);
        addWithSpend(ShareDimension.MODEL, usage.getModelId(), model);
        addCategories(model);
    }

    private void addWithSpend(ShareDimension dimension, String member, AttributedModelWeek model) {
        MemberTally tally = tally(dimension, member);
        tally.addUsage(model.getUsage().getTokens(), model.getUsage().getRequests());
        tally.addSpend(model.getSpendUsd(), model.getSpendCoveredTokens());
    }

    /**
     * Spend is not tracked per category, so category members get usage only. Tokens and requests the
     * category maps do not account for count as uncategorized, so that every dimension of a week
     * adds up to the same basis total. A category with requests but no tokens gets no member: it
     * would have no row, and its requests are still kept out of the uncategorized ones.
     */
    private void addCategories(AttributedModelWeek model) {
        ModelWeekUsage usage = model.getUsage();
        Map<String, Long> categoryRequests = usage.getCategoryRequests();
        long uncountedTokens = usage.getTokens();
        long uncountedRequests = usage.getRequests();
        for (long requests : categoryRequests.values()) {
            uncountedRequests -= requests;
        }
        for (Map.Entry<String, Long> category : usage.getCategoryTokens().entrySet()) {
            long tokens = category.getValue();
            addCategory(category.getKey(), model, tokens, categoryRequests.getOrDefault(category.getKey(), 0L));
            uncountedTokens -= tokens;
        }
        if (uncountedTokens > 0 || uncountedRequests > 0) {
            addCategory(UNCATEGORIZED, model, Math.max(0, uncountedTokens), Math.max(0, uncountedRequests));
        }
    }

    private void addCategory(String category, AttributedModelWeek model, long tokens, long requests) {
        tally(ShareDimension.CATEGORY, category).addUsage(tokens, requests);
        String categoryOrigin = categoryOriginNames
                .computeIfAbsent(model.getOrigin(), ignored -> new HashMap<>())
                .computeIfAbsent(
                        category,
                        ignored -> category
                                + CATEGORY_ORIGIN_SEPARATOR
                                + model.getOrigin().name());
        tally(ShareDimension.CATEGORY_ORIGIN, categoryOrigin).addUsage(tokens, requests);
    }

    private MemberTally tally(ShareDimension dimension, String member) {
        return tallies.get(dimension).computeIfAbsent(member, ignored -> new MemberTally());
    }
}
