package io.tokenshare.replay;

import java.io.InputStream;
import java.util.stream.Stream;

/**
 * The data files shipped inside the application: OpenRouter's rankings-daily data set, the
 * hand-made author-origin table and the price table of the models the articles price, under
 * {@code data/} on the classpath. The rankings are CC BY 4.0:
 * whatever republishes them must carry the attribution in {@value #LICENSE}.
 */
public final class ShippedData {

    /** Classpath location of the rankings-daily CSV. */
    public static final String RANKINGS = "data/openrouter-rankings-daily.csv";
    /** Classpath location of the author-origins CSV. */
    public static final String ORIGINS = "data/author-origins.csv";
    /**
     * Classpath location of the model price table: origins-CSV rows keyed by model id, with prices and
     * {@code valid_from}, each noting the article its price comes from.
     */
    public static final String PRICES = "data/model-prices.csv";
    /** Classpath location of the data's licence and attribution notes. */
    public static final String LICENSE = "data/DATA-LICENSE.md";

    /** The attribution the CC BY 4.0 licence of the shipped rankings asks for wherever they are shown. */
    public static final String ATTRIBUTION = "Data: OpenRouter (openrouter.ai/rankings), as of 2026-10-11T00:27Z."
            + " Licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).";

    /** Where the shipped data comes from, for the messages. */
    public static String rankingsName() {
        return "the shipped OpenRouter rankings (" + RANKINGS + ", CC BY 4.0)";
    }

    private ShippedData() {}

    /** The shipped rankings rows (32,895 of them); close the stream when done. */
    public static Stream<RankingsRow> rankings() {
        return RankingsCsvReader.rows(open(RANKINGS), "classpath:" + RANKINGS);
    }

    /** The shipped origin-table rows, the author origins and then the model prices; close the stream when done. */
    public static Stream<OriginTableRow> origins() {
        // flatMap opens the price table only once the author rows are read, and closes each file after it.
        return Stream.of(ORIGINS, PRICES)
                .flatMap(resource -> OriginsCsvReader.rows(open(resource), "classpath:" + resource));
    }

    /** Opens one of the shipped resources, failing with the resource's name if the build left it out. */
    public static InputStream open(String resource) {
        InputStream in = ShippedData.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("The shipped data file " + resource + " is not on the classpath: "
                    + "the build must copy streams-app/src/main/resources/data/ into the jar");
        }
        return in;
    }
}
