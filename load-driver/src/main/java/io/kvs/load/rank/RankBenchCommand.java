package io.kvs.load.rank;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kvs-load rankbench}: namespace create/remove rates straight into a rank's actor. */
@Command(
    name = "rankbench",
    mixinStandardHelpOptions = true,
    description = {
      "Creates N namespaces, then removes them, through the KVS actor of an in-process root",
      "rank (no connector), pipelined; reports rates and heap per idle namespace.",
      "Bounded: one run per count and setting, each on a fresh rank."
    })
public final class RankBenchCommand implements Callable<Integer> {
  @Option(names = "--counts", split = ",", defaultValue = "1000,10000,100000",
      description = "Namespace counts N to run (default: ${DEFAULT-VALUE}).")
  List<Integer> counts;

  @Option(names = "--root-subscription", defaultValue = "both",
      description = "wildcard, per-namespace or both (default: ${DEFAULT-VALUE}).")
  String rootSubscription;

  @Option(names = "--window", defaultValue = "1000",
      description = "Requests in flight (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--repeat", defaultValue = "3",
      description = "Runs per count and setting; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--warmup-passes", defaultValue = "1",
      description = "Discarded passes over every count and setting before measuring, so that "
          + "the JIT has compiled the paths measured (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = {"-w", "--format"}, defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws Exception {
    List<String> modes = switch (rootSubscription) {
      case "both" -> List.of("wildcard", "per-namespace");
      case "wildcard", "per-namespace" -> List.of(rootSubscription);
      default -> throw new IllegalArgumentException(
          "--root-subscription must be wildcard, per-namespace or both");
    };
    if (counts.stream().anyMatch(c -> c < 1) || window < 1 || warmup < 0 || repeat < 1) {
      throw new IllegalArgumentException(
          "--counts, --window and --repeat must be >= 1, --warmup-passes >= 0");
    }
    for (int pass = 0; pass < warmup; pass++) {
      for (String mode : modes) {
        for (int n : counts) {
          RankBench.run(mode, n, window);
        }
      }
    }
    boolean table = !format.equals("json");
    if (table) {
      System.out.printf("%-14s %8s %7s %12s %12s %14s %7s%n", "root-sub", "N", "rounds",
          "create/s", "remove/s", "heap B/ns", "errors");
    }
    List<RankBench.Row> rows = new ArrayList<>();
    for (String mode : modes) {
      for (int n : counts) {
        RankBench.Row r = median(mode, n);
        rows.add(r);
        if (table) {
          String heap = Double.isNaN(r.heapBytesPerNamespace()) ? "n/a"
              : String.format("%.0f", r.heapBytesPerNamespace());
          System.out.printf("%-14s %8d %7d %12.0f %12.0f %14s %7d%n", r.rootSubscription(),
              r.count(), r.rounds(), r.createPerSec(), r.removePerSec(), heap, r.errors());
        }
      }
    }
    if (!table) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("benchmark", "rankbench");
      doc.put("window", window);
      doc.put("results", rows);
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(doc));
    }
    return rows.stream().anyMatch(r -> r.errors() > 0) ? 1 : 0;
  }

  /** The median of {@code repeat} runs, rate by rate; errors are summed. */
  private RankBench.Row median(String mode, int n) throws Exception {
    List<RankBench.Row> runs = new ArrayList<>();
    for (int i = 0; i < repeat; i++) {
      runs.add(RankBench.run(mode, n, window));
    }
    return new RankBench.Row(mode, n, runs.get(0).rounds(),
        median(runs, RankBench.Row::createPerSec),
        median(runs, RankBench.Row::removePerSec),
        median(runs, RankBench.Row::heapBytesPerNamespace),
        runs.stream().mapToLong(RankBench.Row::errors).sum());
  }

  private static double median(List<RankBench.Row> runs,
      java.util.function.ToDoubleFunction<RankBench.Row> f) {
    double[] v = runs.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
