package io.tokenshare.replay;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A strict RFC 4180 CSV tokenizer that reads one record at a time: fields separated by commas,
 * records ended by CRLF, LF or CR, fields optionally enclosed in double quotes, inside which commas and
 * line breaks are data and a doubled quote stands for one quote. A quote inside an unquoted field, or
 * text after a closing quote, is an error rather than a guess. Empty lines are skipped, because
 * editors and spreadsheets leave them at the end of files. A UTF-8 byte order mark is ignored.
 */
final class CsvRecords implements Iterator<CsvRecord> {

    private static final int END = -1;

    private final Reader in;
    private final String file;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private long lineNumber = 1;
    private CsvRecord next;
    private boolean exhausted;

    CsvRecords(Reader in, String file) {
        this.in = in;
        this.file = file;
        if (peek() == Utf8Text.BYTE_ORDER_MARK) {
            read();
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null && !exhausted) {
            next = readRecord();
            exhausted = next == null;
        }
        return next != null;
    }

    @Override
    public CsvRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records in " + file);
        }
        CsvRecord record = next;
        next = null;
        return record;
    }

    private CsvRecord readRecord() {
        skipEmptyLines();
        if (peek() == END) {
            return null;
        }
        long startLine = lineNumber;
        StringBuilder raw = new StringBuilder();
        List<String> fields = new ArrayList<>();
        boolean moreFields = true;
        while (moreFields) {
            fields.add(peek() == '"' ? quotedField(raw, startLine) : unquotedField(raw, startLine));
            moreFields = peek() == ',';
            if (moreFields) {
                raw.append((char) read());
            }
        }
        consumeLineBreak();
        return new CsvRecord(startLine, List.copyOf(fields), raw.toString());
    }

    private String unquotedField(StringBuilder raw, long startLine) {
        StringBuilder field = new StringBuilder();
        for (int c = peek(); c != ',' && !isLineBreakOrEnd(c); c = peek()) {
            raw.append((char) read());
            if (c == Utf8Text.NOT_UTF8) {
                throw Utf8Text.notUtf8(file, startLine, raw.toString());
            }
            if (c == '"') {
                throw new ReplayFileException(
                        file,
                        startLine,
                        raw.toString(),
                        "a double quote inside an unquoted field",
                        "the whole field enclosed in double quotes, with each quote inside it doubled (\"\")");
            }
            field.append((char) c);
        }
        return field.toString();
    }

    private String quotedField(StringBuilder raw, long startLine) {
        long fieldStartLine = lineNumber;
        raw.append((char) read());
        StringBuilder field = new StringBuilder();
        while (true) {
            int c = read();
            if (c == END) {
                throw new ReplayFileException(
                        file,
                        fieldStartLine,
                        raw.toString(),
                        "a quoted field is never closed",
                        "a closing double quote before the end of the file");
            }
            raw.append((char) c);
            if (c == Utf8Text.NOT_UTF8) {
                throw Utf8Text.notUtf8(file, lineNumber, raw.toString());
            }
            if (c == '"' && peek() == '"') {
                raw.append((char) read());
                field.append('"');
            } else if (c == '"') {
                break;
            } else {
                countLineBreakInside(c);
                field.append((char) c);
            }
        }
        int after = peek();
        if (after != ',' && !isLineBreakOrEnd(after)) {
            raw.append((char) after);
            throw new ReplayFileException(
                    file,
                    startLine,
                    raw.toString(),
                    "text after the closing quote of a field",
                    "a comma or the end of the line right after a closing double quote");
        }
        return field.toString();
    }

    /** A CR directly followed by LF inside a quoted field is one line break, so only the LF counts. */
    private void countLineBreakInside(int c) {
        if (c == '\n' || (c == '\r' && peek() != '\n')) {
            lineNumber++;
        }
    }

    private void skipEmptyLines() {
        while (peek() == '\n' || peek() == '\r') {
            consumeLineBreak();
        }
    }

    private void consumeLineBreak() {
        int c = read();
        if (c == '\r' && peek() == '\n') {
            read();
        }
        if (c != END) {
            lineNumber++;
        }
    }

    private static boolean isLineBreakOrEnd(int c) {
        return c == '\n' || c == '\r' || c == END;
    }

    private int peek() {
        return fill() ? buffer[position] : END;
    }

    private int read() {
        return fill() ? buffer[position++] : END;
    }

    private boolean fill() {
        if (position < limit) {
            return true;
        }
        if (limit == END) {
            return false;
        }
        try {
            limit = in.read(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw Utf8Text.readFailure(file, lineNumber, e);
        }
        position = 0;
        return limit > 0;
    }
}
