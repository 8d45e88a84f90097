package io.tokenshare.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** Progress bars on standard error, so that standard output keeps only results. */
public final class Progress {

    private static final int UPDATE_MILLIS = 250;

    private Progress() {}

    /** A bar counting {@code unit} up to {@code max}; -1 when the total is not known yet. */
    public static ProgressBar bar(String task, long max, String unit) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(" " + unit, 1)
                .setUpdateIntervalMillis(UPDATE_MILLIS)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .showSpeed()
                .continuousUpdate()
                .build();
    }
}
