package io.tokenshare.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RocksDbMemoryBoundTest {

    private static final long MIB = 1024L * 1024L;

    @Test
    void readsSizesWithAndWithoutBinaryUnits() {
        assertThat(RocksDbMemoryBound.parseBytes("128m")).isEqualTo(128 * MIB);
        assertThat(RocksDbMemoryBound.parseBytes("512MiB")).isEqualTo(512 * MIB);
        assertThat(RocksDbMemoryBound.parseBytes(" 1g ")).isEqualTo(1024 * MIB);
        assertThat(RocksDbMemoryBound.parseBytes("2048k")).isEqualTo(2 * MIB);
        assertThat(RocksDbMemoryBound.parseBytes(134_217_728L)).isEqualTo(128 * MIB);
    }

    @Test
    void theDefaultIsAValidSize() {
        assertThat(RocksDbMemoryBound.parseBytes(RocksDbMemoryBound.DEFAULT_MEMORY_BOUND))
                .isEqualTo(128 * MIB);
    }

    @Test
    void aValueThatIsNoSizeNamesTheSettingAndTheAcceptedForms() {
        assertThatThrownBy(() -> RocksDbMemoryBound.parseBytes("lots"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining(RocksDbMemoryBound.MEMORY_BOUND)
                .hasMessageContaining("'lots'")
                .hasMessageContaining("128m");
    }

    @Test
    void aBoundBelowOneMebibyteIsRefused() {
        assertThatThrownBy(() -> RocksDbMemoryBound.parseBytes("512k"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("below 1 MiB");
    }

    @Test
    void aSizeTooLargeForALongIsRefused() {
        assertThatThrownBy(() -> RocksDbMemoryBound.parseBytes("99999999999999g"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("too large");
    }
}
