package io.tokenshare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestTallyTest {

    @Test
    void theStoredFormKeepsEveryCountAndWhatWasCountedOfUndecodableRecords() {
        IngestTally tally = new IngestTally();
        tally.read(false);
        tally.counted();
        tally.read(true);
        tally.duplicate();
        tally.read(false);
        tally.deadLetter(DeadLetterReason.LATE_BEYOND_GRACE);
        tally.undecodable(4, List.of(10L, 12L));

        IngestTally back = IngestTally.decode(tally.encode());

        assertThat(back.snapshot()).isEqualTo(tally.snapshot());
        assertThat(back.snapshot())
                .isEqualTo(new IngestAccounting.PartitionCounts(
                        5, 1, 1, 1, Map.of(DeadLetterReason.LATE_BEYOND_GRACE, 1L, DeadLetterReason.UNDECODABLE, 2L)));
        back.undecodable(4, List.of(12L, 13L));
        assertThat(back.snapshot().deadLetters())
                .as("offset 12 was counted before the restart and is only read again")
                .containsEntry(DeadLetterReason.UNDECODABLE, 3L);
    }

    @Test
    void onlyNewCountsMarkTheTallyChanged() {
        IngestTally tally = new IngestTally();
        tally.undecodable(0, List.of(7L));
        assertThat(tally.takeChanged()).isTrue();
        tally.undecodable(0, List.of(7L));
        assertThat(tally.takeChanged())
                .as("an offset already counted changes nothing")
                .isFalse();
    }
}
