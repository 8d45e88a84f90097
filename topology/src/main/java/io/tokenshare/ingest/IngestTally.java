package io.tokenshare.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The running counts of one ingest partition, kept in memory by its processor and stored once per commit
 * in {@link io.tokenshare.config.StoreNames#INGEST_ACCOUNTING}, in the transaction that commits the offsets
 * of the records they count. Not thread-safe: only the partition's stream thread touches it; readers get a
 * {@link IngestAccounting.PartitionCounts} snapshot.
 */
final class IngestTally {

    /** The stored form; reasons are written by name so that adding one keeps old values readable. */
    static final Serde<IngestTally> SERDE = Serdes.serdeFrom(
            (topic, tally) -> tally == null ? null : tally.encode(),
            (topic, bytes) -> bytes == null ? null : decode(bytes));

    private static final byte VERSION = 1;

    private long read;
    private long counted;
    private long duplicates;
    private long nullKeyed;
    private final long[] deadLetters = new long[DeadLetterReason.values().length];
    // Per token-usage partition, the highest offset of an undecodable record counted: the deserialization handler
    // may see a record again after a commit that counted it (it reads one record ahead of the committed offset).
    private final TreeMap<Integer, Long> undecodableCountedThrough = new TreeMap<>();
    private boolean changed;

    void read(boolean nullKey) {
        read++;
        if (nullKey) {
            nullKeyed++;
        }
        changed = true;
    }

    void counted() {
        counted++;
    }

    void duplicate() {
        duplicates++;
    }

    void deadLetter(DeadLetterReason reason) {
        deadLetters[reason.ordinal()]++;
    }

    /**
     * Takes in the undecodable records the deserialization handler saw on {@code sourcePartition} of
     * token-usage, each once: an offset at or below one already counted is a record read again.
     */
    void undecodable(int sourcePartition, Collection<Long> offsets) {
        long through = undecodableCountedThrough.getOrDefault(sourcePartition, -1L);
        long highest = through;
        for (long offset : offsets) {
            if (offset > through) {
                read++;
                deadLetters[DeadLetterReason.UNDECODABLE.ordinal()]++;
                highest = Math.max(highest, offset);
                changed = true;
            }
        }
        if (highest > through) {
            undecodableCountedThrough.put(sourcePartition, highest);
        }
    }

    /** Whether anything was counted since the last call; clears the flag. */
    boolean takeChanged() {
        boolean was = changed;
        changed = false;
        return was;
    }

    IngestAccounting.PartitionCounts snapshot() {
        Map<DeadLetterReason, Long> byReason = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason r : DeadLetterReason.values()) {
            if (deadLetters[r.ordinal()] > 0) {
                byReason.put(r, deadLetters[r.ordinal()]);
            }
        }
        return new IngestAccounting.PartitionCounts(read, counted, duplicates, nullKeyed, byReason);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(read);
            out.writeLong(counted);
            out.writeLong(duplicates);
            out.writeLong(nullKeyed);
            int reasons = 0;
            for (long n : deadLetters) {
                reasons += n > 0 ? 1 : 0;
            }
            out.writeShort(reasons);
            for (DeadLetterReason r : DeadLetterReason.values()) {
                if (deadLetters[r.ordinal()] > 0) {
                    out.writeUTF(r.name());
                    out.writeLong(deadLetters[r.ordinal()]);
                }
            }
            out.writeShort(undecodableCountedThrough.size());
            for (Map.Entry<Integer, Long> e : undecodableCountedThrough.entrySet()) {
                out.writeInt(e.getKey());
                out.writeLong(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static IngestTally decode(byte[] bytes) {
        IngestTally tally = new IngestTally();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("ingest accounting value of unknown version " + version);
            }
            tally.read = in.readLong();
            tally.counted = in.readLong();
            tally.duplicates = in.readLong();
            tally.nullKeyed = in.readLong();
            int reasons = in.readUnsignedShort();
            for (int i = 0; i < reasons; i++) {
                tally.deadLetters[DeadLetterReason.valueOf(in.readUTF()).ordinal()] = in.readLong();
            }
            int marks = in.readUnsignedShort();
            for (int i = 0; i < marks; i++) {
                tally.undecodableCountedThrough.put(in.readInt(), in.readLong());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tally;
    }
}
