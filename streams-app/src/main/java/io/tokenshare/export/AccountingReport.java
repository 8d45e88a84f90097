package io.tokenshare.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What became of every input record: read, counted, dropped as a duplicate, or dead-lettered (by
 * reason). {@code read = counted + duplicates + dead letters} is what "nothing lost" means. Lines of an
 * events file that were not events never reach the app: they are dead letters with reason
 * {@code UNPARSEABLE_LINE} and count as read.
 *
 * @param source       where the figures come from: {@code demo} (the app's own accounting) or
 *                     {@code topics} (counted from the topics of a cluster)
 * @param read         records read, or null when it cannot be known
 * @param counted      events counted in the shares, or null when it cannot be known
 * @param duplicates   resends dropped, or null when it cannot be known
 * @param deadLetters  dead letters by reason
 * @param invalidLines the lines of an events file that were not events, with file and line number
 * @param notes        what the figures cannot say, in words
 */
public record AccountingReport(
        String source,
        Long read,
        Long counted,
        Long duplicates,
        Map<String, Long> deadLetters,
        List<InvalidLineNote> invalidLines,
        List<String> notes) {

    /** A line of an events file that was dead-lettered instead of published as an event. */
    public record InvalidLineNote(String file, long line, String reason) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Copies the collections, dead letters ordered by reason. */
    public AccountingReport {
        Objects.requireNonNull(source, "source");
        deadLetters = Map.copyOf(new TreeMap<>(deadLetters));
        invalidLines = List.copyOf(invalidLines);
        notes = List.copyOf(notes);
    }

    /** All dead letters, whatever the reason. */
    public long deadLettersTotal() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether read = counted + duplicates + dead letters; null when a term is unknown. */
    public Boolean balances() {
        if (read == null || counted == null || duplicates == null) {
            return null;
        }
        return read == counted + duplicates + deadLettersTotal();
    }

    /** The report as the JSON of accounting.json. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", source);
        root.put("read", read);
        root.put("counted", counted);
        root.put("duplicates", duplicates);
        ObjectNode byReason = root.putObject("dead_letters");
        new TreeMap<>(deadLetters).forEach(byReason::put);
        root.put("dead_letters_total", deadLettersTotal());
        root.put("balances", balances());
        var lines = root.putArray("invalid_lines");
        invalidLines.forEach(l ->
                lines.addObject().put("file", l.file()).put("line", l.line()).put("reason", l.reason()));
        var noteArray = root.putArray("notes");
        notes.forEach(noteArray::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }
}
