package io.tokenshare.query;

/** A well-formed request for something the stores do not hold, such as a week without data; becomes a 404. */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
