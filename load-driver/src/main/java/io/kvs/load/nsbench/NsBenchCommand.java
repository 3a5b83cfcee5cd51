package io.kvs.load.nsbench;

import io.kvs.client.KvsClient;
import io.kvs.load.drive.OutputOptions;
import io.kvs.load.drive.Pipeline;
import io.kvs.load.drive.Report;
import io.kvs.load.drive.Target;
import io.kvs.load.drive.TargetOptions;
import io.kvs.load.report.Progress;
import io.kvs.load.report.Recorder;
import io.kvs.load.report.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kvs-load nsbench}: the seed's namespace create/remove benchmarks. */
@Command(name = "nsbench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"The seed's namespace benchmarks through a connector: N pipelined creates",
        "then N removes timed apart (create-remove), each create's reply sending its remove",
        "(churn), and creates only (create); for every N of --counts. Bounded."})
public final class NsBenchCommand implements Callable<Integer> {
  @Option(names = "--counts", split = ",", defaultValue = "100,1000,10000,100000",
      paramLabel = "N,N...", description = "Namespaces per run (default: ${DEFAULT-VALUE}).")
  List<Integer> counts;

  @Option(names = "--modes", split = ",", defaultValue = "create-remove,churn,create",
      paramLabel = "MODE,...", description = "Which benchmarks (default: ${DEFAULT-VALUE}).")
  List<String> modes;

  @Option(names = "--rank", defaultValue = "0",
      description = "The rank whose connector the client uses (default: ${DEFAULT-VALUE}).")
  int rank;

  @Option(names = "--window", defaultValue = "1000",
      description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--min-ops", defaultValue = "20000", paramLabel = "OPS",
      description = {"Each row repeats its run of N until it has made at least OPS creates",
          "(rounds = OPS / N, at least 1; default: ${DEFAULT-VALUE})."})
  int minOps;

  @Option(names = "--repeat", defaultValue = "3",
      description = {"Runs of every row; the row reports the median of each rate (one GC",
          "pause cannot make a row; default: ${DEFAULT-VALUE})."})
  int repeat;

  @Option(names = "--warmup", defaultValue = "20000",
      description = {"Namespaces created and removed (create-remove, then churn), untimed,",
          "before measuring, so the JIT has compiled the hot paths (default: ${DEFAULT-VALUE})."})
  int warmup;

  @Option(names = "--compare", description = {"Run everything twice, on an embedded cluster",
      "with each --root-subscription, and print the two side by side."})
  boolean compare;

  @Option(names = "--timeout", defaultValue = "600",
      description = "Seconds any one phase may take before the run fails (default: "
          + "${DEFAULT-VALUE}).")
  long timeout;

  @Mixin TargetOptions target;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    validate();
    List<String> subscriptions = compare ? List.of("wildcard", "per-namespace")
        : java.util.Collections.singletonList(null);
    Recorder recorder = new Recorder();
    recorder.pause();
    List<NsBench.Row> rows = new ArrayList<>();
    String description = null;
    long total = 0;
    for (int n : counts) {
      total += 2L * n * rounds(n) * modes.size() * repeat;
    }
    try (Progress progress = Progress.start("nsbench", total * subscriptions.size(),
        output.progress())) {
      for (String sub : subscriptions) {
        try (Target t = target.open(sub); KvsClient client = t.connect(rank)) {
          description = t.description();
          Pipeline pipeline = new Pipeline(window, timeout, recorder, progress);
          NsBench bench = new NsBench(client, pipeline, compare ? sub + "." : "");
          if (warmup > 0) {
            progress.message(t.rootSubscription() + " warm-up");
            Pipeline quiet = new Pipeline(window, timeout, new Recorder(), Progress.start(
                "warm-up", 0, false));
            NsBench warm = new NsBench(client, quiet, "");
            warm.run("create-remove", warmup, 1, t.rootSubscription(), rank);
            warm.run("churn", warmup, 1, t.rootSubscription(), rank);
          }
          for (int n : counts) {
            for (String mode : modes) {
              progress.message(t.rootSubscription() + " " + mode + " N=" + n);
              List<NsBench.Row> runs = new ArrayList<>();
              recorder.resume();
              for (int r = 0; r < repeat; r++) {
                runs.add(bench.run(mode, n, rounds(n), t.rootSubscription(), rank));
              }
              recorder.pause();
              rows.add(NsBench.median(runs));
            }
          }
        }
      }
    }
    recorder.stop();
    Summary summary = new Summary("nsbench", description)
        .param("counts", counts).param("modes", modes).param("rank", rank)
        .param("window", window).param("min_ops", minOps).param("repeat", repeat).param("warmup", warmup).param("compare", compare)
        .result("results", rows).recorder(recorder);
    NsBenchTables.notes(rows, compare).forEach(summary::note);
    Report.emit(summary, recorder, NsBenchTables.charts(rows), output);
    return recorder.errorCount() == 0 ? 0 : 1;
  }

  private int rounds(int n) {
    return Math.max(1, (int) Math.ceil((double) minOps / n));
  }

  private void validate() {
    output.validate();
    target.validate();
    if (counts.isEmpty() || counts.stream().anyMatch(n -> n < 1 || n > 10_000_000)) {
      throw new IllegalArgumentException("kvs-load: --counts must be numbers 1-10000000");
    }
    for (String m : modes) {
      if (!NsBench.MODES.contains(m)) {
        throw new IllegalArgumentException("kvs-load: unknown mode '" + m + "' (modes: "
            + String.join(", ", NsBench.MODES) + ")");
      }
    }
    if (compare && target.isRemote()) {
      throw new IllegalArgumentException("kvs-load: --compare starts its own embedded clusters;"
          + " it cannot be used with --uri or --rundir");
    }
    if (compare && target.rootSubscriptionGiven()) {
      throw new IllegalArgumentException("kvs-load: --compare runs both --root-subscription"
          + " modes; give one or the other");
    }
    if (rank < 0 || (!target.isRemote() && rank >= target.ranks())) {
      throw new IllegalArgumentException("kvs-load: --rank " + rank + " is not in the cluster"
          + " (ranks 0-" + (target.ranks() - 1) + ")");
    }
    if (repeat < 1 || repeat > 100) {
      throw new IllegalArgumentException("kvs-load: --repeat must be 1-100");
    }
    if (minOps < 0 || minOps > 10_000_000) {
      throw new IllegalArgumentException("kvs-load: --min-ops must be 0-10000000");
    }
    if (warmup < 0 || warmup > 10_000_000) {
      throw new IllegalArgumentException("kvs-load: --warmup must be 0-10000000");
    }
    if (window < 1) {
      throw new IllegalArgumentException("kvs-load: --window must be >= 1");
    }
    if (timeout < 1) {
      throw new IllegalArgumentException("kvs-load: --timeout must be >= 1");
    }
  }
}
