package io.kvs.load.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kvs-load watch}: watch notifications per second and memory per watcher. */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Creates N namespaces on an embedded cluster, watches key k of each (the",
        "watchers spread over the ranks), then commits to every namespace WARMUP times",
        "(not measured) and ROUNDS times (measured) from rank 0; reports notifications/s",
        "and heap per watcher. Bounded."})
public final class WatchBenchCommand implements Callable<Integer> {
  @Option(names = "--ranks", defaultValue = "4", description = "Ranks (default: ${DEFAULT-VALUE}).")
  int ranks;

  @Option(names = "--namespaces", defaultValue = "10000",
      description = "Namespaces, one watcher each (default: ${DEFAULT-VALUE}).")
  int namespaces;

  @Option(names = "--rounds", defaultValue = "10",
      description = "Commits per namespace measured (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--warmup", defaultValue = "20",
      description = "Commits per namespace before measuring, not measured: the JIT compiles "
          + "the notification path meanwhile (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--window", defaultValue = "1000",
      description = "Commits in flight (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = {"-w", "--format"}, defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws Exception {
    if (ranks < 1 || namespaces < 1 || rounds < 1 || window < 1) {
      throw new IllegalArgumentException("--ranks, --namespaces, --rounds, --window must be >= 1");
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must be >= 0");
    }
    WatchBench.Result r = WatchBench.run(ranks, namespaces, warmup, rounds, window);
    if (format.equals("json")) {
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(r));
    } else {
      System.out.printf("%5s %10s %6s %14s %8s %16s %14s %6s%n", "ranks", "watchers", "rounds",
          "notifications", "skipped", "notifications/s", "heap B/watch", "ended");
      System.out.printf("%5d %10d %6d %14d %8d %16.0f %14.0f %6d%n", r.ranks(), r.namespaces(),
          r.rounds(), r.notifications(), r.skipped(), r.notificationsPerSec(),
          r.heapBytesPerWatcher(), r.ended());
    }
    return r.ended() == 0 ? 0 : 1;
  }
}
