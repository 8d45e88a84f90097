package io.tokenshare.bench.chaos;

/** How the chaos producer keys its records. */
public enum KeyScheme {
    /** By event id, as a gateway that keys by request does; a resend keeps its key. */
    EVENT,
    /** By model id. */
    MODEL,
    /** No key: the producer's partitioner spreads records, and a resend may land on another partition. */
    NULL
}
