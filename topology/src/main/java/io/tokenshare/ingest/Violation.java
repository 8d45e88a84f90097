package io.tokenshare.ingest;

/** A broken validation rule: the reason code and a detail a person can act on. */
public record Violation(DeadLetterReason reason, String detail) {}
