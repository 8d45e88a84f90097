package io.tokenshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    private static final String STATUS =
            """
            Name:\tjava
            VmPeak:\t 9463540 kB
            VmSize:\t 9463540 kB
            VmHWM:\t  613668 kB
            VmRSS:\t  513668 kB
            Threads:\t58
            """;

    @Test
    void readsTheNamedKibibyteFieldOfAProcStatusText() {
        assertThat(ProcessStats.kibibytesField(STATUS, "VmHWM")).hasValue(613_668);
        assertThat(ProcessStats.kibibytesField(STATUS, "VmRSS")).hasValue(513_668);
    }

    @Test
    void aMissingOrUnitlessFieldIsEmpty() {
        assertThat(ProcessStats.kibibytesField(STATUS, "VmSwap")).isEmpty();
        assertThat(ProcessStats.kibibytesField(STATUS, "Threads")).isEmpty();
    }
}
