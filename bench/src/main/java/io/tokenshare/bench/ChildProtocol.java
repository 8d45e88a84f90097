package io.tokenshare.bench;

/**
 * The line protocol between the benchmark and {@link PipelineProcess}: the pipeline writes
 * {@code BENCH|<message>|<payload>} lines to stdout, the benchmark writes {@code stop} to its stdin.
 * Anything else on stdout is not protocol and goes to the pipeline's log.
 */
final class ChildProtocol {

    static final String PREFIX = "BENCH|";
    /** Payload: epoch ms at which the app reached RUNNING. */
    static final String RUNNING = "running";
    /** Payload: records read so far; informational, said every so often while reading. */
    static final String PROGRESS = "progress";
    /** Payload: epoch ms at which the app had read every expected record. */
    static final String ALL_READ = "all-read";
    /** Payload: the {@link PipelineReport} as JSON. */
    static final String REPORT = "report";
    /** Payload: what went wrong. */
    static final String FAILED = "failed";
    /** Sent by the benchmark once it has seen the last share update. */
    static final String STOP = "stop";

    private ChildProtocol() {}

    /** A parsed protocol line. */
    record Message(String kind, String payload) {}

    static synchronized void say(String kind, String payload) {
        System.out.println(PREFIX + kind + "|" + payload);
        System.out.flush();
    }

    /** The message of a protocol line, or null for any other line. */
    static Message parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            return null;
        }
        String rest = line.substring(PREFIX.length());
        int bar = rest.indexOf('|');
        return bar < 0 ? new Message(rest, "") : new Message(rest.substring(0, bar), rest.substring(bar + 1));
    }
}
