package io.kvs.load.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * Writes a run's files into a directory (created if missing), replacing files of the same
 * names:
 *
 * <ul>
 *   <li>{@code summary.json}, indented, and {@code summary.txt}, the text summary;
 *   <li>{@code timeseries.csv}: header {@code second,<series...>}, then one row per elapsed
 *       second; and {@code timeseries.png}, every series except {@code *.errors} over time;
 *   <li>{@code <op>.hgrm} per operation: its percentile distribution in µs, as HdrHistogram
 *       prints it (characters other than letters, digits, {@code . _ -} become {@code _});
 *   <li>one PNG per {@link Chart}, named by {@link Chart#file()}.
 * </ul>
 */
public final class OutDir {
  static final String ERRORS_SUFFIX = ".errors";

  private OutDir() {}

  /** Writes every file of the run and returns their paths, in the order written. */
  public static List<Path> write(Path dir, Summary summary, Recorder recorder,
      List<Chart> charts) throws IOException {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(recorder, "recorder");
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    written.add(text(dir.resolve("summary.json"), summary.toJsonString() + "\n"));
    written.add(text(dir.resolve("summary.txt"), summary.toText()));
    written.add(text(dir.resolve("timeseries.csv"), csv(recorder)));
    for (Map.Entry<String, Histogram> e : recorder.histograms().entrySet()) {
      written.add(hgrm(dir.resolve(fileName(e.getKey()) + ".hgrm"), e.getValue()));
    }
    for (Chart chart : charts == null ? List.<Chart>of() : charts) {
      written.add(png(dir.resolve(chart.file()), chart));
    }
    written.add(png(dir.resolve("timeseries.png"), timeseries(recorder)));
    return written;
  }

  /** The per-second counts as CSV: {@code second,<series...>} then one row per second. */
  static String csv(Recorder recorder) {
    List<String> names = recorder.series();
    List<long[]> columns = names.stream().map(recorder::perSecond).toList();
    int seconds = columns.isEmpty() ? 0 : columns.get(0).length;
    StringBuilder out = new StringBuilder("second");
    names.forEach(n -> out.append(',').append(csvField(n)));
    out.append('\n');
    for (int s = 0; s < seconds; s++) {
      out.append(s);
      for (long[] column : columns) {
        out.append(',').append(s < column.length ? column[s] : 0);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Every per-second series but the error ones, against elapsed seconds. */
  static Chart timeseries(Recorder recorder) {
    List<Chart.Series> series = recorder.series().stream()
        .filter(n -> !n.endsWith(ERRORS_SUFFIX))
        .map(n -> Chart.Series.of(n, recorder.perSecond(n)))
        .toList();
    return new Chart("timeseries.png", "Counts per second", "elapsed s", "count / s", false,
        series);
  }

  static String fileName(String op) {
    String name = op.replaceAll("[^A-Za-z0-9._-]", "_");
    return name.isEmpty() || name.startsWith(".") ? "_" + name : name;
  }

  private static String csvField(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private static Path text(Path file, String content) throws IOException {
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private static Path hgrm(Path file, Histogram h) throws IOException {
    try (PrintStream out = new PrintStream(Files.newOutputStream(file), false,
        StandardCharsets.UTF_8)) {
      h.outputPercentileDistribution(out, 1000.0);
    }
    return file;
  }

  private static Path png(Path file, Chart chart) throws IOException {
    return Files.write(file, ChartPng.render(chart));
  }
}
