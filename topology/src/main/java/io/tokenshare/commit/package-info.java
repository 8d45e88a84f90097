/**
 * The one place tokenshare uses Kafka Streams internals: a hook that runs a processor's action just before each
 * commit of its task, inside the exactly-once transaction. Kafka Streams 4.3 has no public pre-commit hook;
 * {@code CommitFlushHookTest} fails when the internal contract it relies on changes.
 */
package io.tokenshare.commit;
