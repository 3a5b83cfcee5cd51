package io.kvs.load.commit;

import io.kvs.client.KvsClient;
import io.kvs.load.drive.OutputOptions;
import io.kvs.load.drive.Pipeline;
import io.kvs.load.drive.Report;
import io.kvs.load.drive.Target;
import io.kvs.load.drive.TargetOptions;
import io.kvs.load.report.Chart;
import io.kvs.load.report.Progress;
import io.kvs.load.report.Recorder;
import io.kvs.load.report.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kvs-load commit}: small commits per second. */
@Command(name = "commit", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Small pipelined commits through a connector: spread over --namespaces",
        "namespaces, then all into one namespace; each with merging on and off. Bounded."})
public final class CommitBenchCommand implements Callable<Integer> {
  @Option(names = "--commits", defaultValue = "20000",
      description = "Commits per measurement (default: ${DEFAULT-VALUE}).")
  int commits;

  @Option(names = "--namespaces", defaultValue = "1000",
      description = "Namespaces of the spread measurement (default: ${DEFAULT-VALUE}).")
  int namespaces;

  @Option(names = "--rank", defaultValue = "0",
      description = "The rank whose connector sends the commits (default: ${DEFAULT-VALUE}).")
  int rank;

  @Option(names = "--window", defaultValue = "1000",
      description = "Commits in flight at most (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--warmup", defaultValue = "20000",
      description = {"Commits made first (spread, merging on), untimed and unreported, so the",
          "JIT has compiled the hot paths (default: ${DEFAULT-VALUE})."})
  int warmup;

  @Option(names = "--timeout", defaultValue = "600",
      description = "Seconds any one phase may take (default: ${DEFAULT-VALUE}).")
  long timeout;

  @Mixin TargetOptions target;
  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    output.validate();
    target.validate();
    if (rank < 0 || (!target.isRemote() && rank >= target.ranks())) {
      throw new IllegalArgumentException("kvs-load: --rank " + rank + " is not in the cluster"
          + " (ranks 0-" + (target.ranks() - 1) + ")");
    }
    if (commits < 1 || namespaces < 2 || window < 1 || timeout < 1 || warmup < 0) {
      throw new IllegalArgumentException("kvs-load: --commits >= 1, --namespaces >= 2,"
          + " --window >= 1, --timeout >= 1 and --warmup >= 0 are required");
    }
    Recorder recorder = new Recorder();
    recorder.pause();
    List<CommitBench.Row> rows = new ArrayList<>();
    String description;
    try (Target t = target.open(null); KvsClient client = t.connect(rank);
        KvsClient admin = t.connect(0);
        Progress progress = Progress.start("commit", 4L * commits, output.progress())) {
      description = t.description();
      if (warmup > 0) {
        progress.message("warm-up");
        new CommitBench(client, admin, new Pipeline(window, timeout, new Recorder(),
            Progress.start("warm-up", 0, false))).run(namespaces, warmup, true);
      }
      recorder.resume();
      CommitBench bench = new CommitBench(client, admin,
          new Pipeline(window, timeout, recorder, progress));
      for (int spread : new int[] {namespaces, 1}) {
        for (boolean merge : new boolean[] {true, false}) {
          progress.message((spread == 1 ? "one" : "many") + (merge ? " merge" : " no-merge"));
          rows.add(bench.run(spread, commits, merge));
        }
      }
    }
    recorder.stop();
    Summary summary = new Summary("commit", description)
        .param("commits", commits).param("namespaces", namespaces).param("rank", rank)
        .param("window", window).param("warmup", warmup).result("results", rows).recorder(recorder);
    summary.note(String.format(Locale.ROOT, "%-6s %-9s %10s %9s %12s %9s %7s", "spread",
        "merge", "namespaces", "commits", "commits/s", "roots", "errors"));
    for (CommitBench.Row r : rows) {
      summary.note(String.format(Locale.ROOT, "%-6s %-9s %10d %9d %12.0f %9d %7d", r.spread(),
          r.merge() ? "on" : "off", r.namespaces(), r.commits(), r.commitsPerSec(), r.roots(),
          r.errors()));
    }
    Report.emit(summary, recorder, List.<Chart>of(), output);
    return recorder.errorCount() == 0 ? 0 : 1;
  }
}
