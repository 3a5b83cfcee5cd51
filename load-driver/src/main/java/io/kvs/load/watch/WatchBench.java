package io.kvs.load.watch;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import io.kvs.load.cluster.ActorPipeline;
import io.kvs.load.cluster.ClientPipeline;
import io.kvs.load.cluster.EmbeddedCluster;
import io.kvs.lookup.LookupFlags;
import io.kvs.node.KvsNode;
import io.kvs.rank.KvsRank;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import io.kvs.watch.WatchProtocol;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The watch benchmark: N namespaces on an embedded cluster, one WATCH on key {@code k} of
 * each, spread over the ranks; then rounds of one commit per namespace from rank 0, sent as
 * one stream ({@code window} in flight, round r+1 starting while the end of round r is still in
 * flight: commit i of a stream starting at round f puts {@code v<f + i / N>} in namespace
 * {@code i mod N}). Measures notifications delivered per second and the heap the watch
 * service holds per watcher, after warm-up rounds that are not measured (the notification path
 * is compiled by then). A run ends when every watcher has seen the last round's value: a
 * watcher may skip intermediate values when their events were lost and a newer root healed
 * the gap ({@code skipped}).
 */
public final class WatchBench {
  /** The numbers of one run. */
  public record Result(int ranks, int namespaces, int rounds, long notifications,
      double notificationsPerSec, double heapBytesPerWatcher, long ended, long skipped) {}

  private static final AtomicLong VALUES = new AtomicLong();
  private static final AtomicLong ENDS = new AtomicLong();
  /** Watchers that have seen {@link #finalValue}. */
  private static final AtomicLong FINAL = new AtomicLong();
  private static volatile String finalValue = "";

  /** How long established watches are left before their heap is measured. */
  static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(12);

  private WatchBench() {}

  private static Behavior<WatchProtocol.Response> sink() {
    return Behaviors.receive(WatchProtocol.Response.class)
        .onMessage(WatchProtocol.Response.Value.class, v -> {
          VALUES.incrementAndGet();
          if (v.val() instanceof TreeObj.Val val && val.data().toUtf8().equals(finalValue)) {
            FINAL.incrementAndGet();
          }
          return Behaviors.same();
        })
        .onMessage(WatchProtocol.Response.End.class, e -> {
          ENDS.incrementAndGet();
          return Behaviors.stopped();
        })
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  /**
   * One run: {@code warmup} rounds (not measured: the JIT compiles the notification path then)
   * before the {@code rounds} measured.
   */
  public static Result run(int ranks, int namespaces, int warmup, int rounds, int window)
      throws Exception {
    VALUES.set(0);
    ENDS.set(0);
    try (EmbeddedCluster cluster = EmbeddedCluster.start(ranks, "akka.loglevel = WARNING")) {
      String prefix = "wb-" + System.nanoTime() + "-";
      check(ActorPipeline.<KvsRank.Command, akka.Done>run(cluster.systems.get(0),
          cluster.ranks.get(0), namespaces, window, 600,
          (i, r) -> new KvsRank.CreateNamespace(prefix + i, -1, null, 0, cluster.owner, r)));
      commitRounds(cluster, prefix, namespaces, 0, 1, window);
      List<ActorRef<WatchProtocol.Command>> services = new ArrayList<>();
      for (int rank = 0; rank < ranks; rank++) {
        services.add(KvsNode.watch(cluster.systems.get(rank), java.time.Duration.ofSeconds(10))
            .toCompletableFuture().get(10, TimeUnit.SECONDS));
      }
      List<ActorRef<WatchProtocol.Response>> sinks = new ArrayList<>(namespaces);
      for (int i = 0; i < namespaces; i++) {
        sinks.add(cluster.systems.get(i % ranks).systemActorOf(sink(), "sink-" + i,
            Props.empty()));
      }
      long heapBefore = usedHeapAfterGc();
      for (int i = 0; i < namespaces; i++) {
        services.get(i % ranks).tell(new WatchProtocol.Watch(prefix + i, "k",
            LookupFlags.WATCH, cluster.owner, sinks.get(i)));
      }
      awaitValues(namespaces, 120);
      // what a watcher holds for good, not the bookkeeping of the requests that set it up
      // (an ask's timeout stays scheduled until it is due: 10 s; followers' resyncs at 1 s)
      System.err.printf("watchbench: %d watches established; measuring their heap in %d s%n",
          namespaces, SETTLE.toSeconds());
      Thread.sleep(SETTLE.toMillis());
      long heapAfter = usedHeapAfterGc();
      if (warmup > 0) {
        expectFinal("v" + warmup);
        commitRounds(cluster, prefix, namespaces, 1, warmup, window);
        awaitFinal(namespaces, 120);
        System.err.printf("watchbench: warm-up done (%d rounds); measuring %d rounds%n", warmup,
            rounds);
      }
      expectFinal("v" + (warmup + rounds));
      VALUES.set(0);
      long cpuStart = processCpuNanos();
      long gcStart = gcMillis();
      long jitStart = jitMillis();
      long start = System.nanoTime();
      commitRounds(cluster, prefix, namespaces, warmup + 1, rounds, window);
      long committed = System.nanoTime();
      try {
        awaitFinal(namespaces, 120);
        long end = System.nanoTime();
        System.err.printf("watchbench: commits took %.2f s; every watcher had the last value "
            + "%.2f s after the last commit; the JVM used %.2f of its %d processors (GC pauses "
            + "%.2f s, JIT compilers %.2f s)%n",
            (committed - start) / 1e9, (end - committed) / 1e9,
            (processCpuNanos() - cpuStart) / (double) (end - start),
            Runtime.getRuntime().availableProcessors(), (gcMillis() - gcStart) / 1e3,
            (jitMillis() - jitStart) / 1e3);
      } finally {
        for (int rank = 0; rank < ranks; rank++) {
          io.kvs.rank.KvsStats st = cluster.<io.kvs.rank.KvsStats>call(rank,
              r -> new KvsRank.GetStats("primary", cluster.owner, r));
          System.err.printf("watchbench: rank %d: events received %d, dropped %d, dead letters"
              + " %d, events published %d in %d batches%n", rank, st.eventsReceived(),
              st.droppedMessages(), st.deadLetters(), st.eventsPublished(),
              st.eventBatchesPublished());
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long delivered = VALUES.get();
      return new Result(ranks, namespaces, rounds, delivered, delivered / seconds,
          (heapAfter - heapBefore) / (double) namespaces, ENDS.get(),
          (long) namespaces * rounds - delivered);
    }
  }

  /** From now on, count the watchers that see {@code value}. */
  private static void expectFinal(String value) {
    finalValue = value;
    FINAL.set(0);
  }

  /** Commits rounds {@code first} to {@code first + rounds - 1}, as one stream of commits. */
  private static void commitRounds(EmbeddedCluster cluster, String prefix, int namespaces,
      int first, int rounds, int window) throws Exception {
    check(ActorPipeline.<KvsRank.Command, io.kvs.namespace.Committed>run(cluster.systems.get(0),
        cluster.ranks.get(0), Math.multiplyExact(namespaces, rounds), window, 600,
        (i, r) -> new KvsRank.Commit(prefix + (i % namespaces), 0,
            List.of(Op.put("k", TreeObj.Val.utf8("v" + (first + i / namespaces)))),
            cluster.owner, r)));
  }

  private static void check(ClientPipeline.Result r) {
    if (r.errors() > 0) {
      throw new IllegalStateException("watchbench: " + r.errors() + " requests failed: "
          + r.firstError());
    }
  }

  private static void awaitValues(long expected, int seconds) throws InterruptedException {
    await(VALUES, expected, seconds, () -> VALUES.get() + " of " + expected
        + " notifications arrived (" + ENDS.get() + " watches ended)");
  }

  private static void awaitFinal(long watchers, int seconds) throws InterruptedException {
    await(FINAL, watchers, seconds, () -> FINAL.get() + " of " + watchers
        + " watchers saw the last value " + finalValue + " (" + VALUES.get()
        + " notifications, " + ENDS.get() + " watches ended)");
  }

  /** Waits until {@code counter} reaches {@code expected}; fails with {@code why} if not. */
  private static void await(AtomicLong counter, long expected, int seconds,
      java.util.function.Supplier<String> why) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (counter.get() < expected && ENDS.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    if (counter.get() < expected) {
      throw new IllegalStateException("watchbench: " + why.get());
    }
  }

  /** Time the collectors have spent collecting, all of them together. */
  private static long gcMillis() {
    long ms = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  /** Time the JIT compilers have spent compiling, or 0 if the JVM does not tell. */
  private static long jitMillis() {
    var jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime() : 0;
  }

  /** CPU time this JVM has used, all threads together. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /**
   * The heap in use right after a full GC, from each heap pool's usage as the collector left it
   * (not the current usage, which also counts whatever threads allocated since, whole TLABs of
   * it: tens of MB of noise). Repeated until two readings agree within 64 KiB.
   */
  static long usedHeapAfterGc() throws InterruptedException {
    long last = Long.MAX_VALUE;
    long used = 0;
    for (int i = 0; i < 8; i++) {
      System.gc();
      used = 0;
      for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == java.lang.management.MemoryType.HEAP
            && pool.getCollectionUsage() != null) {
          used += pool.getCollectionUsage().getUsed();
        }
      }
      if (Math.abs(used - last) < 64 * 1024) {
        return used;
      }
      last = used;
      Thread.sleep(100);
    }
    return used;
  }

}
