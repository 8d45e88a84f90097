package io.tokenshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void addsUserAndSystemTicksOfAStatLineWhoseNameHasSpacesAndParentheses() {
        // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "8331 (C2 (Compiler)) S 8293 8293 24883 0 -1 4194304 98 0 0 0 947 53 0 0 20 0 1 0 946384";

        assertThat(ThreadCpu.ticks(stat)).isEqualTo(1_000);
    }

    @Test
    void namesThreadKindsByTheirLinuxNames() {
        String app = "tokenshare-bench-pipeline-2t-1796138796298";

        assertThat(ThreadCpu.kindOf("tokenshare-benc", app)).isEqualTo("stream threads");
        assertThat(ThreadCpu.kindOf("rocksdb:low", app)).isEqualTo("RocksDB flush/compaction");
        assertThat(ThreadCpu.kindOf("kafka-producer-", app)).isEqualTo("producer I/O");
        assertThat(ThreadCpu.kindOf("C2 CompilerThre", app)).isEqualTo("JIT compiler");
        assertThat(ThreadCpu.kindOf("G1 Conc#0", app)).isEqualTo("garbage collector");
        assertThat(ThreadCpu.kindOf("kafka-admin-cli", app)).isEqualTo("other");
    }
}
