package io.tokenshare.replay;

import java.util.List;

/**
 * One record of a CSV file.
 *
 * @param lineNumber one-based line on which the record starts (a quoted field may span lines)
 * @param fields     the record's fields, unquoted
 * @param rawText    the record as written in the file, for error messages
 */
record CsvRecord(long lineNumber, List<String> fields, String rawText) {}
