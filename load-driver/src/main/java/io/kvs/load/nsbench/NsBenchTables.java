package io.kvs.load.nsbench;

import io.kvs.load.report.Chart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The text tables and the plots of an nsbench run. Pure. */
final class NsBenchTables {
  private NsBenchTables() {}

  /** The seed's table (one row per mode and N), then the side-by-side comparison. */
  static List<String> notes(List<NsBench.Row> rows, boolean compare) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-14s %-13s %9s %12s %12s %12s %7s", "subscription",
        "mode", "N", "create/s", "remove/s", "churn/s", "errors"));
    for (NsBench.Row r : rows) {
      lines.add(String.format(Locale.ROOT, "%-14s %-13s %9d %12s %12s %12s %7d",
          r.rootSubscription(), r.mode(), r.count(), num(r.createPerSec()),
          num(r.removePerSec()), num(r.churnPerSec()), r.errors()));
    }
    if (compare) {
      lines.add("");
      lines.add(String.format(Locale.ROOT, "%-13s %9s %-9s %14s %14s %8s", "mode", "N", "rate",
          "wildcard", "per-namespace", "ratio"));
      Map<String, NsBench.Row> perNs = new LinkedHashMap<>();
      rows.stream().filter(r -> r.rootSubscription().equals("per-namespace"))
          .forEach(r -> perNs.put(r.mode() + "/" + r.count(), r));
      for (NsBench.Row w : rows) {
        NsBench.Row p = perNs.get(w.mode() + "/" + w.count());
        if (!w.rootSubscription().equals("wildcard") || p == null) {
          continue;
        }
        compareLine(lines, w, p, "create/s", NsBench.Row::createPerSec);
        compareLine(lines, w, p, "remove/s", NsBench.Row::removePerSec);
        compareLine(lines, w, p, "churn/s", NsBench.Row::churnPerSec);
      }
    }
    return lines;
  }

  private static void compareLine(List<String> lines, NsBench.Row w, NsBench.Row p, String what,
      Function<NsBench.Row, Double> rate) {
    Double a = rate.apply(w);
    Double b = rate.apply(p);
    if (a == null || b == null) {
      return;
    }
    lines.add(String.format(Locale.ROOT, "%-13s %9d %-9s %14.0f %14.0f %7.1fx", w.mode(),
        w.count(), what, a, b, b > 0 ? a / b : Double.POSITIVE_INFINITY));
  }

  private static String num(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.0f", v);
  }

  /** Rate against N (log scale), one curve per mode and root subscription. */
  static List<Chart> charts(List<NsBench.Row> rows) {
    return List.of(
        chart(rows, "nsbench-create.png", "namespace creates per second",
            NsBench.Row::createPerSec),
        chart(rows, "nsbench-remove.png", "namespace removes per second (churn: create+remove)",
            r -> r.removePerSec() != null ? r.removePerSec() : r.churnPerSec()));
  }

  private static Chart chart(List<NsBench.Row> rows, String file, String title,
      Function<NsBench.Row, Double> rate) {
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    for (NsBench.Row r : rows) {
      Double v = rate.apply(r);
      if (v != null) {
        curves.computeIfAbsent(r.mode() + " (" + r.rootSubscription() + ")",
            k -> new ArrayList<>()).add(new double[] {r.count(), v});
      }
    }
    List<Chart.Series> series = new ArrayList<>();
    curves.forEach((name, points) -> {
      double[] x = new double[points.size()];
      double[] y = new double[points.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = points.get(i)[0];
        y[i] = points.get(i)[1];
      }
      series.add(new Chart.Series(name, x, y));
    });
    return new Chart(file, title, "namespaces (N)", "per second", true, series);
  }
}
