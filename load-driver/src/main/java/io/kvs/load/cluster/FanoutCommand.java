package io.kvs.load.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kvs-load fanout}: setroot fan-out latency from rank 0 to the followers. */
@Command(
    name = "fanout",
    mixinStandardHelpOptions = true,
    description = {
      "Setroot fan-out latency: from a commit's ack on rank 0 until every follower holding the",
      "namespace serves the new root. One commit at a time, never overlapping.",
      "Embedded (default): ranks as actor systems in this JVM; a probe on each follower stamps",
      "the setroot event and confirms with a local getroot. --rundir DIR: a cluster started",
      "with bin/kvs-cluster, driven through the ranks' sockets (getroot polling).",
      "Bounded: --warmup + --commits commits, each waited for at most --timeout-ms."
    })
public final class FanoutCommand implements Callable<Integer> {
  static class Target {
    @Option(names = "--embedded", description = "Ranks in this JVM (the default).")
    boolean embedded;

    @Option(names = "--rundir", description = "Run directory of a bin/kvs-cluster cluster.")
    Path rundir;
  }

  @ArgGroup(exclusive = true)
  Target target;

  @Option(names = "--ranks", defaultValue = "4",
      description = "Ranks of the embedded cluster (default: ${DEFAULT-VALUE}).")
  int ranks;

  @Option(names = "--commits", defaultValue = "2000",
      description = "Commits measured (default: ${DEFAULT-VALUE}).")
  int commits;

  @Option(names = "--warmup", defaultValue = "2000",
      description = "Commits before measuring, not reported (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--timeout-ms", defaultValue = "2000",
      description = "Longest wait for one commit's ack, then for its fan-out (default: "
          + "${DEFAULT-VALUE}).")
  long timeoutMs;

  @Option(names = "--poll-gap-us", defaultValue = "0",
      description = "--rundir: busy-spin this long between two getroot polls of a follower "
          + "(default: ${DEFAULT-VALUE}).")
  long pollGapUs;

  @Option(names = "--confirm", defaultValue = "wait",
      description = "--rundir: how a follower's new root is seen: wait (a kvs.wait-version "
          + "sent to each follower before the commit; nothing polls) or poll (kvs.getroot "
          + "as fast as replies come) (default: ${DEFAULT-VALUE}).")
  String confirm;

  @Option(names = {"-w", "--format"}, defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws Exception {
    if (!confirm.equals("wait") && !confirm.equals("poll")) {
      throw new IllegalArgumentException("--confirm must be wait or poll, got " + confirm);
    }
    if (commits < 1 || warmup < 0 || timeoutMs < 1 || pollGapUs < 0) {
      throw new IllegalArgumentException("--commits and --timeout-ms must be >= 1, --warmup and "
          + "--poll-gap-us >= 0");
    }
    FanoutBench.Result r = target != null && target.rundir != null
        ? FanoutBench.runRunDir(target.rundir, warmup, commits, timeoutMs,
            TimeUnit.MICROSECONDS.toNanos(pollGapUs), confirm.equals("wait"))
        : FanoutBench.runEmbedded(ranks, warmup, commits, timeoutMs);
    if (format.equals("json")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("benchmark", "fanout");
      doc.put("result", r);
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(doc));
    } else {
      System.out.printf("fanout: mode %s, %d ranks (%d followers), %d commits after %d warm-up;"
          + " latencies from the commit's ack on rank 0%n", r.mode(), r.ranks(), r.ranks() - 1,
          r.commits(), r.warmup());
      System.out.printf("%-34s %7s %s%n", "", "n", Latency.header());
      row("commit round trip (send to ack)", r.commitRtt());
      row("fan-out: every follower confirmed", r.fanoutAllFollowers());
      row("per follower: confirmed", r.perFollower());
      if (r.eventArrivalAll().count() > 0) {
        row("every follower: event arrived", r.eventArrivalAll());
      }
      if (r.pollRtt() != null) {
        row("getroot poll round trip", r.pollRtt());
      }
      System.out.printf("timeouts %d, errors %d%n", r.timeouts(), r.errors());
    }
    return r.timeouts() > 0 || r.errors() > 0 ? 1 : 0;
  }

  private static void row(String name, Latency l) {
    System.out.printf("%-34s %7d %s%n", name, l.count(), l.row());
  }
}
