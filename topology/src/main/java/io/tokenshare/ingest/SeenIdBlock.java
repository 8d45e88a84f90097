package io.tokenshare.ingest;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The event ids one ingest task counted between two commits, with their event times, as one changelogged
 * value: a few records per commit in the changelog instead of one per event. Layout (big-endian): count,
 * then per id its UTF-8 length, bytes and event time.
 */
final class SeenIdBlock {

    /** Receives the ids of a block as it is read. */
    interface IdVisitor {
        void visit(String eventId, long eventTime);
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);
    private int count;
    private long maxEventTime = Long.MIN_VALUE;

    void add(String eventId, long eventTime) {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        try {
            out.writeInt(id.length);
            out.write(id);
            out.writeLong(eventTime);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writes to memory", e);
        }
        count++;
        maxEventTime = Math.max(maxEventTime, eventTime);
    }

    boolean isEmpty() {
        return count == 0;
    }

    int size() {
        return count;
    }

    /** The encoded size so far, in bytes. */
    int bytes() {
        return bytes.size();
    }

    /** The latest event time in the block: once it is beyond the horizon, the whole block can go. */
    long maxEventTime() {
        return maxEventTime;
    }

    /** The block's value, after which it starts over empty. */
    byte[] drain() {
        byte[] ids = bytes.toByteArray();
        ByteBuffer value = ByteBuffer.allocate(Integer.BYTES + ids.length);
        value.putInt(count).put(ids);
        bytes.reset();
        count = 0;
        maxEventTime = Long.MIN_VALUE;
        return value.array();
    }

    /** Forgets what was added since the last {@link #drain()}: it belongs to a transaction that was not committed. */
    void clear() {
        bytes.reset();
        count = 0;
        maxEventTime = Long.MIN_VALUE;
    }

    static void read(byte[] value, IdVisitor visitor) {
        ByteBuffer in = ByteBuffer.wrap(value);
        int n = in.getInt();
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[in.getInt()];
            in.get(id);
            visitor.visit(new String(id, StandardCharsets.UTF_8), in.getLong());
        }
    }
}
