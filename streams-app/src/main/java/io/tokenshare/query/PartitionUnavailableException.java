package io.tokenshare.query;

/** One store partition could not be read on this instance: it is closed, migrating, or not here. */
final class PartitionUnavailableException extends RuntimeException {

    PartitionUnavailableException(String reason) {
        super(reason);
    }
}
