package io.tokenshare.bench.chaos;

import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chaos run's own small market: labs of each origin with a few models each, and one lab the origin
 * table leaves out (attributed UNKNOWN). Its own table rather than the shipped one, so that the ground
 * truth knows each model's origin without re-implementing attribution.
 */
final class ChaosMarket {

    private static final int MODELS_PER_LAB = 5;
    private static final Map<String, Origin> LABS = labs();
    /** An author with no row in the origin table. */
    static final String UNLISTED_LAB = "chaos-unlisted";

    private final List<String> models = new ArrayList<>();
    private final List<Origin> originOfModel = new ArrayList<>();
    private final double[] cumulativeWeight;

    ChaosMarket() {
        List<String> authors = new ArrayList<>(LABS.keySet());
        authors.add(UNLISTED_LAB);
        for (String author : authors) {
            for (int m = 0; m < MODELS_PER_LAB; m++) {
                models.add(author + "/model-" + m);
                originOfModel.add(LABS.getOrDefault(author, Origin.UNKNOWN));
            }
        }
        // Zipf-like popularity, so that some models are rare and others dominate, as on a real gateway.
        cumulativeWeight = new double[models.size()];
        double sum = 0;
        for (int i = 0; i < models.size(); i++) {
            sum += 1.0 / Math.pow(1 + (i * 7L) % models.size(), 1.1);
            cumulativeWeight[i] = sum;
        }
    }

    private static Map<String, Origin> labs() {
        Map<String, Origin> labs = new LinkedHashMap<>();
        labs.put("chaos-cn-a", Origin.CN);
        labs.put("chaos-cn-b", Origin.CN);
        labs.put("chaos-us-a", Origin.US);
        labs.put("chaos-us-b", Origin.US);
        labs.put("chaos-us-c", Origin.US);
        labs.put("chaos-eu-a", Origin.EU);
        labs.put("chaos-other-a", Origin.OTHER);
        return labs;
    }

    /** The origin table: one row per listed lab, keyed by its author slug. */
    static Map<String, ModelOrigin> originTable() {
        Map<String, ModelOrigin> table = new LinkedHashMap<>();
        LABS.forEach((author, origin) -> table.put(
                author,
                ModelOrigin.newBuilder()
                        .setLab(author.toUpperCase())
                        .setOrigin(origin)
                        .setInputUsdPerMtok(0.5)
                        .setOutputUsdPerMtok(1.5)
                        .setNotes("chaos run")
                        .build()));
        return table;
    }

    int size() {
        return models.size();
    }

    String model(int index) {
        return models.get(index);
    }

    Origin origin(int index) {
        return originOfModel.get(index);
    }

    /** A model index drawn by popularity, given a uniform draw in [0, 1). */
    int pick(double uniform) {
        double target = uniform * cumulativeWeight[cumulativeWeight.length - 1];
        int index = java.util.Arrays.binarySearch(cumulativeWeight, target);
        return Math.min(index >= 0 ? index : -index - 1, cumulativeWeight.length - 1);
    }
}
