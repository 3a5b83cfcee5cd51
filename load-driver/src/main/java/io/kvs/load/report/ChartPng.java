package io.kvs.load.report;

import java.awt.Color;
import java.io.IOException;
import java.util.Arrays;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a {@link Chart} as an 800x500 PNG with XChart. Points that cannot be drawn (NaN or
 * infinite values; x &le; 0 on a logarithmic axis) are left out, and so are empty series.
 */
final class ChartPng {
  static final int WIDTH = 800;
  static final int HEIGHT = 500;
  /** More points than this are drawn as a bare line, without markers. */
  private static final int MAX_MARKERS = 40;

  static {
    // Charts are drawn off-screen; a command-line tool never needs a display for them.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private ChartPng() {}

  static byte[] render(Chart chart) throws IOException {
    XYChart xy = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(chart.title())
        .xAxisTitle(chart.xLabel()).yAxisTitle(chart.yLabel()).build();
    xy.getStyler().setXAxisLogarithmic(chart.logX());
    xy.getStyler().setChartBackgroundColor(Color.WHITE);
    boolean any = false;
    for (Chart.Series s : chart.series()) {
      double[][] points = drawable(s, chart.logX());
      if (points[0].length == 0) {
        continue;
      }
      XYSeries series = xy.addSeries(s.name(), points[0], points[1]);
      if (points[0].length > MAX_MARKERS) {
        series.setMarker(SeriesMarkers.NONE);
      }
      any = true;
    }
    if (!any) {
      xy.getStyler().setLegendVisible(false);
      xy.getStyler().setXAxisLogarithmic(false);
      xy.addSeries("no data", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
    }
    return BitmapEncoder.getBitmapBytes(xy, BitmapEncoder.BitmapFormat.PNG);
  }

  /** The points of {@code s} that can be drawn, as {x[], y[]}. */
  private static double[][] drawable(Chart.Series s, boolean logX) {
    double[] x = new double[s.x().length];
    double[] y = new double[s.y().length];
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      double xi = s.x()[i];
      double yi = s.y()[i];
      if (Double.isFinite(xi) && Double.isFinite(yi) && (!logX || xi > 0)) {
        x[n] = xi;
        y[n] = yi;
        n++;
      }
    }
    return new double[][] {Arrays.copyOf(x, n), Arrays.copyOf(y, n)};
  }
}
