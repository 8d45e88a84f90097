package io.tokenshare.share;

import java.time.Instant;
import java.time.LocalDate;

/** What every row of one computation shares: its week, whether the week is closed, and when it was computed. */
record RowStamp(LocalDate week, boolean isFinal, int revision, Instant computedAt) {}
