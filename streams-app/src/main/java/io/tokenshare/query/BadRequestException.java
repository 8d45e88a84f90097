package io.tokenshare.query;

/**
 * A request the API cannot answer because a parameter is wrong; becomes a 400 whose body names the
 * parameter, what is wrong with it and what is expected.
 */
public final class BadRequestException extends RuntimeException {

    private final String parameter;
    private final String expected;

    /**
     * @param parameter the offending parameter, as the client wrote its name
     * @param problem   what is wrong, quoting the value given
     * @param expected  what a valid value looks like, with an example
     */
    public BadRequestException(String parameter, String problem, String expected) {
        super(problem);
        this.parameter = parameter;
        this.expected = expected;
    }

    public String parameter() {
        return parameter;
    }

    public String expected() {
        return expected;
    }
}
