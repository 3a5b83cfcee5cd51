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

  @Option(names = "--warmup", defaultValue = "20000",
      description = "Namespaces created and removed once before measuring (default: ${DEFAULT-VALUE}).")
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
    if (counts.stream().anyMatch(c -> c < 1) || window < 1 || warmup < 0) {
      throw new IllegalArgumentException("--counts, --window must be >= 1, --warmup >= 0");
    }
    if (warmup > 0) {
      for (String mode : modes) {
        RankBench.run(mode, warmup, window);
      }
    }
    boolean table = !format.equals("json");
    if (table) {
      System.out.printf("%-14s %8s %12s %12s %14s %7s%n", "root-sub", "N", "create/s",
          "remove/s", "heap B/ns", "errors");
    }
    List<RankBench.Row> rows = new ArrayList<>();
    for (String mode : modes) {
      for (int n : counts) {
        RankBench.Row r = RankBench.run(mode, n, window);
        rows.add(r);
        if (table) {
          System.out.printf("%-14s %8d %12.0f %12.0f %14.0f %7d%n", r.rootSubscription(),
              r.count(), r.createPerSec(), r.removePerSec(), r.heapBytesPerNamespace(), r.errors());
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
}
