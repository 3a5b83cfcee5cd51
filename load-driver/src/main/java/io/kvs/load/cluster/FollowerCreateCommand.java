package io.kvs.load.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kvs-load follower-create}: namespace creates sent to rank 0 vs to a follower. */
@Command(
    name = "follower-create",
    mixinStandardHelpOptions = true,
    description = {
      "Pipelined namespace creates (then removes) sent to rank 0, then to a follower (which",
      "forwards them to rank 0); rates are the median of --repeat runs per target, the runs",
      "of rank 0 and of the follower interleaved, after warm-up passes.",
      "Embedded 4 ranks by default; --rundir DIR drives a bin/kvs-cluster cluster through",
      "its sockets (one connection per target rank). Bounded: each phase at most 300 s."
    })
public final class FollowerCreateCommand implements Callable<Integer> {
  @Option(names = "--counts", split = ",", defaultValue = "10000,100000",
      description = "Namespace counts N (default: ${DEFAULT-VALUE}).")
  List<Integer> counts;

  @Option(names = "--window", defaultValue = "1000",
      description = "Requests in flight (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--repeat", defaultValue = "3",
      description = "Runs per target and count; the median is reported (default: "
          + "${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--warmup-passes", defaultValue = "1",
      description = "Discarded passes over every target and count (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--ranks", defaultValue = "4",
      description = "Ranks of the embedded cluster (default: ${DEFAULT-VALUE}).")
  int ranks;

  @Option(names = "--follower", defaultValue = "1",
      description = "The follower rank to send to (default: ${DEFAULT-VALUE}).")
  int follower;

  @Option(names = "--rundir", description = "Run directory of a bin/kvs-cluster cluster.")
  Path rundir;

  @Option(names = {"-w", "--format"}, defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws Exception {
    if (counts.stream().anyMatch(c -> c < 1) || window < 1 || repeat < 1 || warmup < 0
        || follower < 1 || (rundir == null && follower >= ranks)) {
      throw new IllegalArgumentException("--counts, --window, --repeat >= 1; --warmup-passes >= 0;"
          + " 1 <= --follower < --ranks");
    }
    String mode = rundir == null ? "embedded" : "rundir";
    int[] targets = {0, follower};
    List<FollowerCreateBench.Row> rows = new ArrayList<>();
    try (FollowerCreateBench.Driver d = rundir == null
        ? FollowerCreateBench.embedded(ranks) : FollowerCreateBench.rundir(rundir, follower)) {
      for (int pass = 0; pass < warmup; pass++) {
        for (int n : counts) {
          for (int t : targets) {
            FollowerCreateBench.once(d, t, n, window);
          }
        }
      }
      for (int n : counts) {
        rows.addAll(FollowerCreateBench.measure(d, mode, List.of(0, follower), n, window,
            repeat));
      }
    }
    if (format.equals("json")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("benchmark", "follower-create");
      doc.put("mode", mode);
      doc.put("window", window);
      doc.put("results", rows);
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(doc));
    } else {
      System.out.printf("follower-create: mode %s, window %d, median of %d run(s)%n", mode,
          window, repeat);
      System.out.printf("%-9s %-10s %8s %12s %12s %16s %7s  %s%n", "mode", "target", "N",
          "create/s", "remove/s", "create vs rank 0", "errors", "create/s of each run");
      for (FollowerCreateBench.Row r : rows) {
        double base = rows.stream().filter(x -> x.rank() == 0 && x.count() == r.count())
            .mapToDouble(FollowerCreateBench.Row::createPerSec).findFirst().orElse(Double.NaN);
        StringBuilder runs = new StringBuilder();
        for (double v : r.createRuns()) {
          runs.append(String.format("%.0f ", v));
        }
        System.out.printf("%-9s %-10s %8d %12.0f %12.0f %15.2fx %7d  %s%n", r.mode(),
            r.target() + (r.rank() == 0 ? "" : " " + r.rank()), r.count(), r.createPerSec(),
            r.removePerSec(), r.createPerSec() / base, r.errors(), runs.toString().trim());
      }
    }
    return rows.stream().anyMatch(r -> r.errors() > 0) ? 1 : 0;
  }
}
