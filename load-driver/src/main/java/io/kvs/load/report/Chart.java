package io.kvs.load.report;

import java.util.List;
import java.util.Objects;

/**
 * A line chart for {@link OutDir}: one or more named series of (x, y) points.
 *
 * @param file the PNG's file name inside the output directory, e.g. {@code "rate.png"}
 * @param logX a logarithmic x axis; points with x &le; 0 are then left out
 */
public record Chart(String file, String title, String xLabel, String yLabel, boolean logX,
    List<Chart.Series> series) {

  /** Checks that {@code file} is a plain file name and copies the series list. */
  public Chart {
    Objects.requireNonNull(file, "file");
    if (file.isBlank() || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
      throw new IllegalArgumentException("report: chart file must be a plain name: " + file);
    }
    series = List.copyOf(series);
  }

  /**
   * One line of a chart; {@code x} and {@code y} have the same length.
   *
   * @param name the legend entry, unique within its chart
   */
  public record Series(String name, double[] x, double[] y) {

    /** Checks that every x has its y. */
    public Series {
      Objects.requireNonNull(name, "name");
      if (x.length != y.length) {
        throw new IllegalArgumentException("report: series " + name + " has " + x.length
            + " x values and " + y.length + " y values");
      }
    }

    /** A series of {@code counts[i]} at x = i, such as a per-second count. */
    public static Series of(String name, long[] counts) {
      double[] x = new double[counts.length];
      double[] y = new double[counts.length];
      for (int i = 0; i < counts.length; i++) {
        x[i] = i;
        y[i] = counts[i];
      }
      return new Series(name, x, y);
    }
  }
}
