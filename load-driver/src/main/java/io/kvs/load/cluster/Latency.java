package io.kvs.load.cluster;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in nanoseconds, reported in microseconds.
 *
 * @param count values recorded
 */
public record Latency(long count, double p50Us, double p90Us, double p99Us, double p999Us,
    double maxUs, double meanUs) {

  /** A histogram of nanoseconds up to 60 s with 3 significant digits. */
  public static Histogram histogram() {
    return new Histogram(60_000_000_000L, 3);
  }

  /** Records {@code nanos} (negative values count as 0). */
  public static void record(Histogram h, long nanos) {
    h.recordValue(Math.max(0, Math.min(nanos, h.getHighestTrackableValue())));
  }

  public static Latency of(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN);
    }
    return new Latency(h.getTotalCount(), us(h.getValueAtPercentile(50)),
        us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
        us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()), h.getMean() / 1000.0);
  }

  private static double us(long nanos) {
    return nanos / 1000.0;
  }

  /** A table row: p50 p90 p99 p99.9 max, in µs. */
  public String row() {
    return String.format("%9.1f %9.1f %9.1f %9.1f %10.1f", p50Us, p90Us, p99Us, p999Us, maxUs);
  }

  public static String header() {
    return String.format("%9s %9s %9s %9s %10s", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs",
        "max µs");
  }
}
