package io.tokenshare.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The models of the synthetic gateway: a few hundred models of known and unknown authors, each with a
 * launch week, a popularity that follows a Zipf curve and fades after launch. Built from a seed, so
 * that every run of the benchmark sees the same market.
 */
final class ModelCatalog {

    /** Authors the shipped origin table deliberately leaves out, as a real one would: attributed UNKNOWN. */
    static final List<String> UNLISTED_AUTHORS =
            List.of("indie-lab-a", "indie-lab-b", "indie-lab-c", "finetune-guild", "anon-merges", "garage-ai");

    private static final double ZIPF_EXPONENT = 1.1;
    // Share of models already live when the calendar starts: real leaderboards never start empty.
    private static final double LIVE_AT_START = 0.4;
    private static final int MIN_LIFETIME_WEEKS = 15;
    private static final int MAX_LIFETIME_WEEKS = 90;

    private final String[] ids;
    private final double[] popularity;
    private final int[] launchWeek;
    private final double[] lifetimeWeeks;

    private ModelCatalog(String[] ids, double[] popularity, int[] launchWeek, double[] lifetimeWeeks) {
        this.ids = ids;
        this.popularity = popularity;
        this.launchWeek = launchWeek;
        this.lifetimeWeeks = lifetimeWeeks;
    }

    /**
     * @param seed    decides every random choice
     * @param models  how many models, at least 1
     * @param weeks   length of the calendar in weeks, at least 1
     * @param authors author slugs to draw from (e.g. the origin table's keys); {@link #UNLISTED_AUTHORS} are added
     */
    static ModelCatalog generate(long seed, int models, int weeks, List<String> authors) {
        if (models < 1 || weeks < 1) {
            throw new IllegalArgumentException("a catalog needs at least one model and one week, got " + models
                    + " models over " + weeks + " weeks");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<String> allAuthors = new ArrayList<>(authors);
        allAuthors.addAll(UNLISTED_AUTHORS);
        String[] ids = new String[models];
        double[] popularity = new double[models];
        int[] launch = new int[models];
        double[] lifetime = new double[models];
        int[] rank = shuffledRanks(random, models);
        for (int i = 0; i < models; i++) {
            String author = allAuthors.get(random.nextInt(allAuthors.size()));
            ids[i] = author + "/model-" + String.format("%03d", i);
            popularity[i] = 1.0 / Math.pow(rank[i] + 1, ZIPF_EXPONENT);
            launch[i] = random.nextDouble() < LIVE_AT_START ? -random.nextInt(1, 40) : random.nextInt(weeks);
            lifetime[i] = random.nextInt(MIN_LIFETIME_WEEKS, MAX_LIFETIME_WEEKS);
        }
        return new ModelCatalog(ids, popularity, launch, lifetime);
    }

    int size() {
        return ids.length;
    }

    String id(int model) {
        return ids[model];
    }

    /** How likely a request of {@code week} goes to the model, relative to the others; 0 before its launch. */
    double weight(int model, int week) {
        if (week < launchWeek[model]) {
            return 0;
        }
        return popularity[model] * Math.exp(-(week - launchWeek[model]) / lifetimeWeeks[model]);
    }

    /** Draws models by their weights in one week. */
    Picker pickerFor(int week) {
        double[] cumulative = new double[ids.length];
        double sum = 0;
        for (int m = 0; m < ids.length; m++) {
            sum += weight(m, week);
            cumulative[m] = sum;
        }
        if (sum == 0) {
            throw new IllegalStateException("no model of the catalog is live in week " + week);
        }
        return new Picker(cumulative);
    }

    private static int[] shuffledRanks(SplittableRandom random, int n) {
        int[] ranks = new int[n];
        Arrays.setAll(ranks, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = ranks[i];
            ranks[i] = ranks[j];
            ranks[j] = t;
        }
        return ranks;
    }

    /** Draws a model index with probability proportional to its weight, by binary search on the running sum. */
    static final class Picker {

        private final double[] cumulative;

        private Picker(double[] cumulative) {
            this.cumulative = cumulative;
        }

        int pick(SplittableRandom random) {
            double target = random.nextDouble() * cumulative[cumulative.length - 1];
            int index = Arrays.binarySearch(cumulative, target);
            int model = index >= 0 ? index : -index - 1;
            return Math.min(model, cumulative.length - 1);
        }
    }
}
