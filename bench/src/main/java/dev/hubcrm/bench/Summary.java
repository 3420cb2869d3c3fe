package dev.hubcrm.bench;

import java.util.Arrays;
import java.util.Locale;

/** Min, nearest-rank percentiles and max of a sample, in milliseconds. */
record Summary(int count, double min, double p50, double p90, double max) {

    static Summary ofNanos(long[] nanos) {
        double[] millis = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            millis[i] = nanos[i] / 1e6;
        }
        return ofMillis(millis);
    }

    static Summary ofMillis(double[] values) {
        if (values.length == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Summary(sorted.length, sorted[0], rank(sorted, 0.50), rank(sorted, 0.90), sorted[sorted.length - 1]);
    }

    /** Nearest rank: the smallest value with at least {@code p} of the sample at or below it. */
    private static double rank(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Min, median and max, e.g. {@code min/med/max 612 / 640 / 701 ms}. */
    String minMedianMax() {
        return "min/med/max " + ms(min) + " / " + ms(p50) + " / " + ms(max) + " ms";
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "-";
        }
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f", millis)
                : millis >= 10 ? String.format(Locale.ROOT, "%.1f", millis)
                : String.format(Locale.ROOT, "%.3f", millis);
    }
}
