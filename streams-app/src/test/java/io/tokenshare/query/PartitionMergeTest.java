package io.tokenshare.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.query.LocalAnswer.PartitionAnswer;
import io.tokenshare.query.LocalAnswer.PartitionFailure;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionMergeTest {

    private static final String STORE = "model-week-usage";

    private static LocalAnswer<String> answer(
            String instance, List<PartitionAnswer<String>> parts, PartitionFailure... failed) {
        return new LocalAnswer<>(instance, parts, List.of(failed));
    }

    private static PartitionAnswer<String> part(int partition, StoreRole role, String... items) {
        return new PartitionAnswer<>(partition, role, List.of(items));
    }

    @Test
    void mergesEveryPartitionInPartitionOrderAndSaysWhoServedWhat() {
        PartitionMerge<String> merge = new PartitionMerge<>();
        merge.add(
                answer("b:2", List.of(part(1, StoreRole.ACTIVE, "b1"), part(3, StoreRole.ACTIVE, "b3"))), Set.of(1, 3));
        merge.add(
                answer("a:1", List.of(part(2, StoreRole.ACTIVE, "a2"), part(0, StoreRole.ACTIVE, "a0", "a0'"))),
                Set.of(0, 2));

        Routed<String> routed = merge.complete(STORE, Set.of(0, 1, 2, 3));

        assertThat(routed.items()).containsExactly("a0", "a0'", "b1", "a2", "b3");
        assertThat(routed.sources())
                .containsExactly(
                        new Source("a:1", STORE, StoreRole.ACTIVE, List.of(0, 2)),
                        new Source("b:2", STORE, StoreRole.ACTIVE, List.of(1, 3)));
    }

    @Test
    void anActiveAnswerBeatsAStandbyOneWhicheverCameFirst() {
        PartitionMerge<String> standbyFirst = new PartitionMerge<>();
        standbyFirst.add(answer("b:2", List.of(part(0, StoreRole.STANDBY, "stale"))), Set.of(0));
        standbyFirst.add(answer("a:1", List.of(part(0, StoreRole.ACTIVE, "fresh"))), Set.of(0));
        PartitionMerge<String> activeFirst = new PartitionMerge<>();
        activeFirst.add(answer("a:1", List.of(part(0, StoreRole.ACTIVE, "fresh"))), Set.of(0));
        activeFirst.add(answer("b:2", List.of(part(0, StoreRole.STANDBY, "stale"))), Set.of(0));

        for (PartitionMerge<String> merge : List.of(standbyFirst, activeFirst)) {
            Routed<String> routed = merge.complete(STORE, Set.of(0));
            assertThat(routed.items()).containsExactly("fresh");
            assertThat(routed.sources()).containsExactly(new Source("a:1", STORE, StoreRole.ACTIVE, List.of(0)));
        }
    }

    @Test
    void aStandbyAnswersWhenNoActiveDoesAndSaysSo() {
        PartitionMerge<String> merge = new PartitionMerge<>();
        merge.add(answer("b:2", List.of(part(0, StoreRole.STANDBY, "replica"))), Set.of(0));
        assertThat(merge.complete(STORE, Set.of(0)).sources())
                .containsExactly(new Source("b:2", STORE, StoreRole.STANDBY, List.of(0)));
    }

    @Test
    void partitionsNotAskedOfAnInstanceAreIgnored() {
        PartitionMerge<String> merge = new PartitionMerge<>();
        merge.add(
                answer("a:1", List.of(part(0, StoreRole.ACTIVE, "asked"), part(1, StoreRole.ACTIVE, "not asked"))),
                Set.of(0));
        assertThat(merge.has(1)).isFalse();
        assertThat(merge.missing(Set.of(0, 1))).containsExactly(1);
    }

    @Test
    void aMissingPartitionFailsTheWholeAnswerWithTheReasons() {
        PartitionMerge<String> merge = new PartitionMerge<>();
        merge.add(
                answer(
                        "a:1",
                        List.of(part(0, StoreRole.ACTIVE, "a0")),
                        new PartitionFailure(1, "store model-week-usage answered NOT_PRESENT")),
                Set.of(0, 1));
        merge.unavailable("instance b:2 did not answer: connection refused");

        assertThatThrownBy(() -> merge.complete(STORE, Set.of(0, 1, 2)))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("partitions 1, 2 of store model-week-usage")
                .hasMessageContaining("a:1 partition 1: store model-week-usage answered NOT_PRESENT")
                .hasMessageContaining("instance b:2 did not answer");
    }

    @Test
    void anEmptyPartitionCountsAsAnswered() {
        PartitionMerge<String> merge = new PartitionMerge<>();
        merge.add(answer("a:1", List.of(part(0, StoreRole.ACTIVE))), Set.of(0));
        Routed<String> routed = merge.complete(STORE, Set.of(0));
        assertThat(routed.items()).isEmpty();
        assertThat(routed.sources()).hasSize(1);
    }
}
