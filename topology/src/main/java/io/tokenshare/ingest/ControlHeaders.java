package io.tokenshare.ingest;

/**
 * Headers that make a token-usage record a control record rather than usage: it is neither counted nor
 * dead-lettered, only read for what it says.
 */
public final class ControlHeaders {

    /**
     * Marks a record of token-usage that only advances event time on its partition (a watermark, e.g. at the end of
     * a replay), so that the weeks before it can close; its value is {@link #MARKER_WATERMARK}.
     */
    public static final String MARKER = "tokenshare.marker";
    /** The value of {@link #MARKER} on a watermark. */
    public static final String MARKER_WATERMARK = "watermark";

    private ControlHeaders() {}
}
