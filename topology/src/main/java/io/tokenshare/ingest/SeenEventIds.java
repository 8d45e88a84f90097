package io.tokenshare.ingest;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event ids one ingest task counted, to drop resends: an id seen with an event time within the horizon of
 * a new event's is a resend.
 *
 * <p>Each event is looked up in, and added to, a local window store that is <em>not</em> changelogged; what
 * survives the loss of the state directory is a changelogged store of blocks, one per commit, holding the ids
 * counted since the commit before. So the changelog carries one record per commit instead of one per event.
 * Each block is written just before its commit, in the transaction that commits the offsets of its events.
 *
 * <p>The local index matches the committed blocks because exactly-once wipes a task's whole state directory
 * after an unclean close (a crash, an aborted transaction), and a clean close commits first. As a guard, the
 * index records the last block it holds; when that is not the last committed block, the index is cleared and
 * rebuilt from the blocks.
 */
final class SeenEventIds {

    private static final Logger LOG = LoggerFactory.getLogger(SeenEventIds.class);
    // Sorts before every block key, so scans over blocks can start after it.
    private static final Bytes LAST_SEQUENCE = Bytes.wrap(new byte[] {0});
    private static final Bytes FIRST_BLOCK = Bytes.wrap(new byte[] {1});
    private static final String APPLIED = "applied";
    // Far below the 1 MB a record may have by default (max.request.size, the broker's message.max.bytes): a long
    // commit interval at a high rate must not make a block the producer refuses.
    static final int MAX_BLOCK_BYTES = 256 * 1024;

    private final long horizonMs;
    private final long retentionMs;
    private final Names names;
    private final SeenIdBlock pending = new SeenIdBlock();

    private WindowStore<String, Long> index;
    private KeyValueStore<Bytes, byte[]> blocks;
    private KeyValueStore<String, Long> applied;
    private long sequence;

    /** The stores: the local index, the changelogged blocks, and the index's record of the last block it holds. */
    record Names(String index, String blocks, String applied) {}

    /**
     * @param retention how long, behind the event time reached, ids are kept: at least the horizon and as long as
     *                  events may still be accepted (a week and its grace)
     */
    SeenEventIds(Names names, Duration horizon, Duration retention) {
        this.names = names;
        this.horizonMs = horizon.toMillis();
        this.retentionMs = retention.toMillis();
    }

    void init(ProcessingContext context) {
        index = context.getStateStore(names.index());
        blocks = context.getStateStore(names.blocks());
        applied = context.getStateStore(names.applied());
        pending.clear();
        byte[] last = blocks.get(LAST_SEQUENCE);
        sequence = last == null ? 0 : ByteBuffer.wrap(last).getLong();
        Long inIndex = applied.get(APPLIED);
        if (inIndex == null || inIndex != sequence) {
            rebuildIndex(context.taskId().partition(), inIndex);
        }
    }

    /**
     * Whether the id was counted with an event time within the horizon of this one. Ids are filed under
     * buckets of event time two horizons wide, so the horizon around any event touches its own bucket
     * and one neighbour: two point reads.
     */
    boolean contains(String eventId, long eventTime) {
        long bucket = bucketOf(eventTime);
        long neighbour = eventTime - bucket < horizonMs ? bucket - 2 * horizonMs : bucket + 2 * horizonMs;
        return withinHorizon(index.fetch(eventId, bucket), eventTime)
                || withinHorizon(index.fetch(eventId, neighbour), eventTime);
    }

    void add(String eventId, long eventTime) {
        index.put(eventId, eventTime, bucketOf(eventTime));
        pending.add(eventId, eventTime);
        if (pending.bytes() >= MAX_BLOCK_BYTES) {
            // Written now, it still commits with the offsets of its events: they are in the same transaction.
            writePending();
        }
    }

    /**
     * Writes the ids added since the last block as one more block and drops the blocks that fell out of the
     * retention. Runs just before each commit.
     */
    void writeBlock(long eventTimeReached) {
        if (!pending.isEmpty()) {
            writePending();
        }
        // Event times before 1970 never get this far (the validator refuses them), so neither do their blocks.
        if (eventTimeReached - retentionMs > 0) {
            expireBlocksBefore(eventTimeReached - retentionMs);
        }
    }

    private void writePending() {
        sequence++;
        blocks.put(blockKey(pending.maxEventTime(), sequence), pending.drain());
        blocks.put(
                LAST_SEQUENCE, ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
        applied.put(APPLIED, sequence);
    }

    private void expireBlocksBefore(long cutoff) {
        List<Bytes> expired = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> old = blocks.range(FIRST_BLOCK, blockKey(cutoff, 0))) {
            old.forEachRemaining(kv -> expired.add(kv.key));
        }
        expired.forEach(blocks::delete);
    }

    private void rebuildIndex(int partition, Long inIndex) {
        long started = System.nanoTime();
        List<Windowed<String>> stale = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, Long> all = index.all()) {
            all.forEachRemaining(kv -> stale.add(kv.key));
        }
        stale.forEach(k -> index.put(k.key(), null, k.window().start()));
        int[] counts = new int[2];
        try (KeyValueIterator<Bytes, byte[]> all = blocks.range(FIRST_BLOCK, null)) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> block = all.next();
                counts[0]++;
                SeenIdBlock.read(block.value, (id, time) -> {
                    index.put(id, time, bucketOf(time));
                    counts[1]++;
                });
            }
        }
        applied.put(APPLIED, sequence);
        if (counts[0] > 0 || !stale.isEmpty()) {
            LOG.info(
                    "Rebuilt the event-id index of token-usage partition {} from {} blocks ({} ids) in {} ms;"
                            + " it held block {} of {} and {} stale entries",
                    partition,
                    counts[0],
                    counts[1],
                    (System.nanoTime() - started) / 1_000_000,
                    inIndex,
                    sequence,
                    stale.size());
        }
    }

    private boolean withinHorizon(Long seenAt, long eventTime) {
        return seenAt != null && Math.abs(seenAt - eventTime) <= horizonMs;
    }

    private long bucketOf(long eventTime) {
        return Math.floorDiv(eventTime, 2 * horizonMs) * 2 * horizonMs;
    }

    /** Blocks sort by their latest event time, so the expired ones are a range; the sign bit is flipped to sort bytes. */
    private static Bytes blockKey(long maxEventTime, long sequence) {
        return Bytes.wrap(ByteBuffer.allocate(2 * Long.BYTES)
                .putLong(maxEventTime ^ Long.MIN_VALUE)
                .putLong(sequence)
                .array());
    }
}
