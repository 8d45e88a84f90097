package io.tokenshare.cli;

/** The exit codes of every tokenshare command. */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** Failure at run time (Kafka unreachable, pipeline stopped, a check found problems). */
    public static final int FAILURE = 1;
    /** Wrong usage, configuration or input file: the user has to change something before trying again. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
