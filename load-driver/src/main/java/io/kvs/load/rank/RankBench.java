package io.kvs.load.rank;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.pattern.StatusReply;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kvs.Caller;
import io.kvs.load.cluster.ActorPipeline;
import io.kvs.load.cluster.ClientPipeline;
import akka.actor.typed.javadsl.AskPattern;
import io.kvs.node.KvsNode;
import io.kvs.rank.KvsStats;
import io.kvs.rank.NamespaceNames;
import io.kvs.rank.KvsRank;
import io.kvs.rank.KvsSettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The in-process namespace benchmark: rounds of N creates, then N removes, sent straight to a
 * root rank's KVS actor (no connector, no network), pipelined. Also measures the heap held per
 * idle namespace after a full GC, with N namespaces live. One fresh rank per run.
 */
public final class RankBench {
  /** One run's numbers. */
  public record Row(String rootSubscription, int count, int rounds, double createPerSec,
      double removePerSec, double heapBytesPerNamespace, long errors) {}

  /** Namespaces created and removed on each fresh rank before measuring (threads, caches). */
  private static final int SYSTEM_WARMUP = 5000;
  /**
   * Operations per row: a row of N namespaces runs max(1, OPS_PER_ROW / N) rounds of N creates
   * then N removes, so that every row lasts about as long and small N is not all noise.
   */
  private static final int OPS_PER_ROW = 100_000;
  /** Below this many live namespaces the heap delta is within GC noise and is not reported. */
  private static final int HEAP_MIN_COUNT = 10_000;

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
      String warm = "warm-" + System.nanoTime() + "-";
      pipeline(system, rank, SYSTEM_WARMUP, window,
          (i, r) -> new KvsRank.CreateNamespace(warm + i, -1, null, 0, owner, r));
      pipeline(system, rank, SYSTEM_WARMUP, window,
          (i, r) -> new KvsRank.RemoveNamespace(warm + i, owner, r));
      int baselineActors = liveActors(system, rank, owner);
      int rounds = Math.max(1, OPS_PER_ROW / count);
      long createNanos = 0;
      long removeNanos = 0;
      long errors = 0;
      double heapPerNamespace = Double.NaN;
      for (int round = 0; round < rounds; round++) {
        String prefix = "bench-" + round + "-";
        boolean last = round == rounds - 1;
        long heapBefore = last && count >= HEAP_MIN_COUNT ? usedHeapAfterGc() : 0;
        ClientPipeline.Result created = pipeline(system, rank, count, window,
            (i, r) -> new KvsRank.CreateNamespace(prefix + i, -1, null, 0, owner, r));
        if (last && count >= HEAP_MIN_COUNT) {
          heapPerNamespace = (usedHeapAfterGc() - heapBefore) / (double) count;
        }
        long removeStart = System.nanoTime();
        ClientPipeline.Result removed = pipeline(system, rank, count, window,
            (i, r) -> new KvsRank.RemoveNamespace(prefix + i, owner, r));
        awaitActorsStopped(system, rank, owner, baselineActors);
        createNanos += created.nanos();
        removeNanos += System.nanoTime() - removeStart;
        errors += created.errors() + removed.errors();
        if (created.firstError() != null || removed.firstError() != null) {
          System.err.println("rankbench: errors: " + created.firstError() + " / "
              + removed.firstError());
        }
      }
      long total = (long) count * rounds;
      return new Row(rootSubscription, count, rounds, rate(total, createNanos),
          rate(total, removeNanos), heapPerNamespace, errors);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static ClientPipeline.Result pipeline(ActorSystem<?> system,
      ActorRef<KvsRank.Command> rank, int count, int window,
      java.util.function.BiFunction<Integer, ActorRef<StatusReply<Done>>, KvsRank.Command> req)
      throws Exception {
    return ActorPipeline.run(system, rank, count, window, 600, req);
  }

  /** The rank's live child actors (namespace actors, including those still stopping). */
  private static int liveActors(ActorSystem<?> system, ActorRef<KvsRank.Command> rank,
      Caller owner) throws Exception {
    StatusReply<KvsStats> stats = AskPattern.<KvsRank.Command, StatusReply<KvsStats>>ask(rank,
            r -> new KvsRank.GetStats(NamespaceNames.PRIMARY, owner, r), Duration.ofSeconds(10),
            system.scheduler())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    return stats.getValue().namespaceActors();
  }

  /**
   * Waits until the removed namespaces' actors have stopped, so that a remove phase is charged
   * with all of its work, not only until its replies.
   */
  private static void awaitActorsStopped(ActorSystem<?> system, ActorRef<KvsRank.Command> rank,
      Caller owner, int baseline) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (liveActors(system, rank, owner) > baseline) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("rankbench: removed namespace actors did not stop in 60 s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000);
    }
  }

  private static double rate(long count, long nanos) {
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
