/**
 * tokenshare's results as files: the compacted share and alert topics read to their end (last record
 * per key, tombstones delete), written as CSV and JSON Lines, with an accounting of every input record.
 */
package io.tokenshare.export;
