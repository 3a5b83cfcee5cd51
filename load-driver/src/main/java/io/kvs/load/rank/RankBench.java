package io.kvs.load.rank;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.pattern.StatusReply;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kvs.Caller;
import io.kvs.rank.KvsNode;
import io.kvs.rank.KvsRank;
import io.kvs.rank.KvsSettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The in-process namespace benchmark: N creates, then N removes, sent straight to a root
 * rank's KVS actor (no connector, no network), pipelined. Also measures the heap held per idle
 * namespace after a full GC. One fresh rank per run.
 */
public final class RankBench {
  /** One run's numbers. */
  public record Row(String rootSubscription, int count, double createPerSec, double removePerSec,
      double heapBytesPerNamespace, long errors) {}

  private RankBench() {}

  /** Runs one measurement of {@code count} namespaces with the given root subscription. */
  public static Row run(String rootSubscription, int count, int window) throws Exception {
    Config config = ConfigFactory.parseString(
            "kvs.events.root-subscription = " + rootSubscription + "\n"
                + "akka.loglevel = WARNING\n")
        .withFallback(ConfigFactory.load("embedded"))
        .resolve();
    ActorSystem<KvsNode.Command> system = KvsNode.start("rankbench", config);
    try {
      KvsSettings settings = KvsSettings.fromConfig(config);
      Caller owner = Caller.owner(settings.instanceOwner());
      ActorRef<KvsRank.Command> rank =
          KvsNode.rank(system, Duration.ofSeconds(10)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      String prefix = "bench-" + System.nanoTime() + "-";
      long heapBefore = usedHeapAfterGc();
      Pipeline.Result created = pipeline(system, rank, count, window,
          (i, r) -> new KvsRank.CreateNamespace(prefix + i, -1, null, 0, owner, r));
      long heapAfter = usedHeapAfterGc();
      Pipeline.Result removed = pipeline(system, rank, count, window,
          (i, r) -> new KvsRank.RemoveNamespace(prefix + i, owner, r));
      if (created.firstError() != null || removed.firstError() != null) {
        System.err.println("rankbench: errors: " + created.firstError() + " / " + removed.firstError());
      }
      return new Row(rootSubscription, count, rate(count, created.nanos()),
          rate(count, removed.nanos()), (heapAfter - heapBefore) / (double) count,
          created.errors() + removed.errors());
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static Pipeline.Result pipeline(ActorSystem<?> system, ActorRef<KvsRank.Command> rank,
      int count, int window,
      java.util.function.BiFunction<Integer, ActorRef<StatusReply<Done>>, KvsRank.Command> req)
      throws Exception {
    CompletableFuture<Pipeline.Result> done = new CompletableFuture<>();
    system.systemActorOf(Pipeline.create(rank, count, window, req, done),
        "pipeline-" + System.nanoTime(), akka.actor.typed.Props.empty());
    return done.get(10, TimeUnit.MINUTES);
  }

  private static double rate(int count, long nanos) {
    return nanos == 0 ? 0 : count / (nanos / 1e9);
  }

  /** Heap in use after repeated full GCs, in bytes. */
  static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(used - last) < 64 * 1024) {
        return used;
      }
      last = used;
    }
    return last;
  }
}
