package io.tokenshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProfileSummaryTest {

    @Test
    void threadsAreSortedByWhatKafkaNamesThem() {
        String app = "tokenshare-bench-pipeline-2t-1796143-5f1ea9b1-8c07-41e1-a235-1b27f8e16275";
        assertThat(ProfileSummary.threadKind(app + "-StreamThread-1")).isEqualTo("stream threads");
        assertThat(ProfileSummary.threadKind("kafka-producer-network-thread | " + app + "-StreamThread-1-producer"))
                .isEqualTo("producer network threads");
        assertThat(ProfileSummary.threadKind(app + "-GlobalStreamThread")).isEqualTo("global stream thread");
        assertThat(ProfileSummary.threadKind(app + "-StateUpdater-1")).isEqualTo("state updater");
        assertThat(ProfileSummary.threadKind("main")).isEqualTo("other");
    }
}
