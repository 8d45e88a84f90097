package io.tokenshare.commit;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A data-less state store whose only job is to run one action of its processor just before each commit
 * of its task, inside the exactly-once transaction: the action may write to (uncached) stores and
 * forward records, and both go out with the offsets of the input they stem from.
 *
 * <p>Kafka Streams 4.3 has no public pre-commit hook: {@code StateStore#flush}/{@code commit} run after
 * the transaction has committed (KAFKA-9450, KIP-1035), and a wall-clock punctuation is not tied to a
 * commit. What runs before is {@code StreamTask#prepareCommit} → {@code ProcessorStateManager#flushCache},
 * which calls {@code CachedStateStore#flushCache} on every store of the task; Kafka's own caching layer
 * forwards its dirty entries from there. This class is the only place tokenshare touches those internal
 * types ({@link CachedStateStore}, {@link InternalProcessorContext}, {@link ProcessorNode},
 * {@link ProcessorRecordContext}); {@code CommitFlushHookTest} fails when Kafka changes that contract.
 *
 * <p>Rules for the action: write only to stores without caching (a cached store's cache may already have
 * been flushed for this commit) and expect no current input record (there is none).
 */
public final class CommitFlushHook implements StateStore, CachedStateStore<Object, Object> {

    private final String name;
    private InternalProcessorContext<?, ?> taskContext;
    private ProcessorNode<?, ?, ?, ?> node;
    private Runnable action;
    private boolean open;

    private CommitFlushHook(String name) {
        this.name = name;
    }

    /** A builder of one hook per task; add it to the processor's stores and look it up by {@code name}. */
    public static StoreBuilder<CommitFlushHook> builder(String name) {
        return new Builder(name);
    }

    /**
     * Runs {@code beforeCommit} before every commit of the task, as the processor whose {@code init} calls
     * this: what it forwards goes to that processor's children. Call it from {@code Processor#init}, again on
     * every {@code init} (a revived task calls it anew).
     */
    public void runBeforeCommit(ProcessingContext processorContext, Runnable beforeCommit) {
        Objects.requireNonNull(processorContext, "processorContext");
        if (taskContext == null || taskContext.currentNode() == null) {
            throw new IllegalStateException(
                    "call runBeforeCommit from the init of the processor that owns store " + name);
        }
        this.node = taskContext.currentNode();
        this.action = Objects.requireNonNull(beforeCommit, "beforeCommit");
    }

    @Override
    public void flushCache() {
        if (action == null || taskContext == null) {
            return;
        }
        ProcessorNode<?, ?, ?, ?> previousNode = taskContext.currentNode();
        ProcessorRecordContext previousRecord = taskContext.recordContext();
        // No input record is being processed: forwarded records take their own timestamps and no source offset.
        taskContext.setRecordContext(new ProcessorRecordContext(
                previousRecord == null ? 0L : previousRecord.timestamp(), -1L, -1, null, new RecordHeaders()));
        taskContext.setCurrentNode(node);
        try {
            action.run();
        } finally {
            taskContext.setCurrentNode(previousNode);
            taskContext.setRecordContext(previousRecord);
        }
    }

    @Override
    public void clearCache() {
        // Nothing is held here; the processor restarts its in-memory state from its stores in init.
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        if (!(context instanceof InternalProcessorContext<?, ?> internal)) {
            throw new IllegalStateException(
                    "store " + name + " needs Kafka Streams' task context, got " + context.getClass());
        }
        this.taskContext = internal;
        this.action = null;
        context.register(root, (key, value) -> {});
        open = true;
    }

    @Override
    public void commit(Map<org.apache.kafka.common.TopicPartition, Long> changelogOffsets) {
        // Nothing to persist: the action ran in flushCache, before the commit.
    }

    @Override
    public void close() {
        open = false;
        action = null;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private static final class Builder implements StoreBuilder<CommitFlushHook> {

        private final String name;

        private Builder(String name) {
            this.name = name;
        }

        @Override
        public StoreBuilder<CommitFlushHook> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitFlushHook> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitFlushHook> withLoggingEnabled(Map<String, String> config) {
            return this;
        }

        @Override
        public StoreBuilder<CommitFlushHook> withLoggingDisabled() {
            return this;
        }

        @Override
        public CommitFlushHook build() {
            return new CommitFlushHook(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }

        @Override
        public String name() {
            return name;
        }
    }
}
