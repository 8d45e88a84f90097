package io.tokenshare.alert;

/**
 * Comparisons of shares and margins that forgive floating-point noise: a lead of exactly the configured 2 points,
 * computed as 51.0 - 49.0 from token ratios, may come out as 1.9999999999999964 and must still count.
 */
final class Points {

    private static final double TOLERANCE = 1e-9;

    private Points() {}

    /** True when {@code value} reaches {@code bound}, up to rounding noise. */
    static boolean atLeast(double value, double bound) {
        return value >= bound - TOLERANCE;
    }
}
