package io.tokenshare.share;

/**
 * What one member (an origin, a lab, a model, a category) adds up to in one week on one basis.
 * Token and request counts are summed exactly and fail loudly on overflow rather than wrap.
 */
final class MemberTally {

    private long tokens;
    private long requests;
    private double spendUsd;
    private boolean spendKnown;
    private long spendCoveredTokens;

    void addUsage(long addedTokens, long addedRequests) {
        tokens = Math.addExact(tokens, addedTokens);
        requests = Math.addExact(requests, addedRequests);
    }

    /** Adds a model's spend; a null spend (nothing priced) leaves the member's spend as it was. */
    void addSpend(Double addedSpendUsd, long addedCoveredTokens) {
        if (addedSpendUsd != null) {
            spendUsd += addedSpendUsd;
            spendKnown = true;
        }
        spendCoveredTokens = Math.addExact(spendCoveredTokens, addedCoveredTokens);
    }

    long tokens() {
        return tokens;
    }

    long requests() {
        return requests;
    }

    /** The member's spend in USD; null when none of its models had any spend priced. */
    Double spendUsd() {
        return spendKnown ? spendUsd : null;
    }

    long spendCoveredTokens() {
        return spendCoveredTokens;
    }
}
