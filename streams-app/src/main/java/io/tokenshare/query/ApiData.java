package io.tokenshare.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The data shapes of the API's answers that wrap a list with what it is a list of. */
final class ApiData {

    private ApiData() {}

    /**
     * One week's distribution.
     *
     * @param week        Monday of the ISO week
     * @param dimension   what the members are
     * @param basis       the denominator
     * @param isFinal     whether the week has closed
     * @param totalTokens all tokens of the week on this basis
     * @param rows        every member, by rank
     */
    record WeekShares(
            String week,
            String dimension,
            String basis,
            @JsonProperty("final") boolean isFinal,
            long totalTokens,
            List<ShareView> rows) {}

    /**
     * A week's leaderboard.
     *
     * @param week      Monday of the ISO week
     * @param dimension what the members are
     * @param basis     the denominator
     * @param entries   the first places, by rank
     */
    record Leaderboard(String week, String dimension, String basis, List<LeaderboardEntry> entries) {}

    /**
     * A member's weeks.
     *
     * @param dimension what the member is
     * @param member    the member
     * @param basis     the denominator
     * @param points    one per week with tokens, oldest first
     */
    record Series(String dimension, String member, String basis, List<SeriesPoint> points) {}

    /**
     * A model's weekly usage.
     *
     * @param modelId the model
     * @param weeks   one per week with usage, oldest first
     */
    record ModelUsage(String modelId, List<WeekUsage> weeks) {}
}
