package io.kvs.load.pubsub;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.cluster.Cluster;
import io.kvs.load.pubsub.Backends.Backend;
import io.kvs.load.pubsub.Msgs.Event;
import io.kvs.load.pubsub.Msgs.EventBatch;
import io.kvs.load.pubsub.Msgs.Ping;
import io.kvs.load.pubsub.Msgs.Probe;
import io.kvs.load.pubsub.Sinks.DeadLetterCounter;
import io.kvs.load.pubsub.Sinks.Stats;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Pub/sub benchmark (DESIGN.md section 5): 4 actor systems in one JVM on 127.0.0.1 form a cluster.
 * node0 = rank 0 (subscribes to all K shard topics), node1/node2 = followers (K/4 shards each:
 * shard%4==1 and shard%4==2), node3 = publishing follower (subscribes to nothing).
 *
 * <p>Arguments are key=value: impl=typed|classic k=64 phases=all|prop pubsubGossip=1s
 * recepGossip=2s recepNotify=500ms n=200000 rate=20000[,40000..] batches=1,10,100 pings=1000
 * lazyReps=10 queue=3072 propTimeoutS=90 maxSeconds=240 (a watchdog exits after it). Output: lines
 * starting with RESULT (one per measurement) and DETAIL (traffic by message class). See docs/PUBSUB.md.
 */
public final class PubSubBench {
  static final int NODES = 4;
  static final int PUB = 3;
  static final long MS = 1_000_000L;

  private final Map<String, String> opt;
  private final String impl;
  private final int k;
  private final ActorSystem[] sys = new ActorSystem[NODES];
  private final String[] addr = new String[NODES];
  private final Stats[] stats = new Stats[NODES];
  private final ActorRef[] sinks = new ActorRef[NODES];
  private Backend backend;
  private double idleBase; // CPU % of one core used by the idle 4-node cluster before any subscription

  PubSubBench(Map<String, String> opt) {
    this.opt = opt;
    this.impl = opt.getOrDefault("impl", "classic");
    this.k = Integer.parseInt(opt.getOrDefault("k", "64"));
    if (k % 4 != 0) throw new IllegalArgumentException("k must be a multiple of 4");
  }

  public static void main(String[] args) throws Exception {
    BenchCluster.logLevel(ch.qos.logback.classic.Level.WARN); // load-driver has no logback.xml: default is DEBUG
    Map<String, String> opt = new LinkedHashMap<>();
    for (String a : args) {
      int i = a.indexOf('=');
      if (i < 0) throw new IllegalArgumentException("expected key=value: " + a);
      opt.put(a.substring(0, i), a.substring(i + 1));
    }
    long maxSeconds = Long.parseLong(opt.getOrDefault("maxSeconds", "240"));
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(maxSeconds * 1000);
        System.out.println("RESULT watchdog: run exceeded " + maxSeconds + " s, exiting");
        System.exit(2);
      } catch (InterruptedException e) {
        // done
      }
    }, "watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    PubSubBench b = new PubSubBench(opt);
    int rc = 0;
    try {
      b.run();
    } catch (Throwable t) {
      t.printStackTrace();
      rc = 1;
    } finally {
      BenchCluster.shutdown(b.sys);
    }
    System.exit(rc);
  }

  void run() throws Exception {
    String label = impl + " k=" + k + " pubsubGossip=" + opt.getOrDefault("pubsubGossip", "1s")
        + " recepGossip=" + opt.getOrDefault("recepGossip", "2s") + " recepNotify="
        + opt.getOrDefault("recepNotify", "500ms") + " queue=" + opt.getOrDefault("queue", "3072");
    System.out.println("RESULT config " + label + " jvm=" + System.getProperty("java.version")
        + " cores=" + Runtime.getRuntime().availableProcessors() + " fjp="
        + java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + " gc="
        + ManagementFactory.getGarbageCollectorMXBeans().stream().map(g -> g.getName()).toList());
    long t = System.nanoTime();
    BenchCluster.start(sys, BenchCluster.config(opt));
    for (int i = 0; i < NODES; i++) addr[i] = Cluster.get(sys[i]).selfAddress().toString();
    System.out.printf("RESULT cluster up_ms=%d%n", (System.nanoTime() - t) / MS);
    for (int i = 0; i < NODES; i++) {
      sys[i].actorOf(DeadLetterCounter.props("node" + i), "dead-letter-counter");
      stats[i] = new Stats(k);
      sinks[i] = sys[i].actorOf(Sinks.sink(stats[i]), "sink");
    }
    backend = Backends.create(impl, sys, k);
    if (impl.equals("typed")) for (ActorSystem s : sys) Adapter.toTyped(s).receptionist();
    Thread.sleep(1000);
    backend.preparePublisher(PUB, k);
    Thread.sleep(2000);

    Meter.Sample base = Meter.sample();
    Thread.sleep(3000);
    Meter.Sample baseEnd = Meter.sample();
    idleBase = Meter.cpuPct(base, baseEnd);
    System.out.printf("RESULT idle-before-subscribe cpu_pct=%.1f heap_mb=%.1f%n", idleBase, Meter.mb(baseEnd.heap()));

    int[] all = new int[k];
    for (int s = 0; s < k; s++) all[s] = s;
    prop("rank0-all-K", new int[] {0}, new int[][] {all}, new Stats[] {stats[0]}, new ActorRef[] {sinks[0]});
    int[][] followerShards = {shardsMod(1), shardsMod(2)};
    prop("followers-K/4-each", new int[] {1, 2}, followerShards, new Stats[] {stats[1], stats[2]},
        new ActorRef[] {sinks[1], sinks[2]});
    localResubscribe();

    if (!opt.getOrDefault("phases", "all").equals("prop")) {
      int n = Integer.parseInt(opt.getOrDefault("n", "200000"));
      throughput("warmup", 20_000, 10, 0);
      for (String b : opt.getOrDefault("batches", "1,10,100").split(",")) {
        throughput("burst", n, Integer.parseInt(b), 0);
      }
      for (String r : opt.getOrDefault("rate", "20000").split(",")) throughput("paced", n, 1, Long.parseLong(r));
      latency(Integer.parseInt(opt.getOrDefault("pings", "1000")));
    }
    lazySubscribes(Integer.parseInt(opt.getOrDefault("lazyReps", "10")));
  }

  int[] shardsMod(int r) {
    int[] out = new int[k / 4];
    for (int i = 0; i < k / 4; i++) out[i] = 4 * i + r;
    return out;
  }

  /**
   * Subscribes nodes[i] to shards[i] (all at t0), then node3 publishes one probe per shard every
   * 100 ms: to every shard during the first second, afterwards only to shards with a subscriber
   * that has not seen a probe yet. Reports propagation time, loss, CPU, heap, traffic.
   */
  void prop(String phase, int[] nodes, int[][] shards, Stats[] st, ActorRef[] sink) throws Exception {
    Meter.Sample before = Meter.sampleAfterGc();
    Map<String, long[]>[] tr0 = traffic();
    long t0 = System.nanoTime();
    for (int i = 0; i < nodes.length; i++) for (int s : shards[i]) backend.subscribe(nodes[i], s, sink[i]);
    long issued = System.nanoTime() - t0;
    boolean[] probed = new boolean[k];
    for (int[] sh : shards) for (int s : sh) probed[s] = true;
    int[] earlySent = new int[k];
    int round = 0;
    long next = t0;
    long timeout = Long.parseLong(opt.getOrDefault("propTimeoutS", "90")) * 1000 * MS;
    Meter.Sample atComplete = null;
    while (true) {
      long now = System.nanoTime();
      boolean early = now - t0 < 1000 * MS;
      boolean[] pendingShard = new boolean[k];
      int pending = 0;
      for (int i = 0; i < nodes.length; i++) {
        for (int s : shards[i]) {
          if (st[i].firstArrival.get(s) == 0) {
            pendingShard[s] = true;
            pending++;
          }
        }
      }
      if (pending == 0 && atComplete == null) atComplete = Meter.sample();
      if ((pending == 0 && !early) || now - t0 > timeout) break;
      for (int s = 0; s < k; s++) {
        if (probed[s] && (early || pendingShard[s])) {
          backend.publish(PUB, s, new Probe(s, round, System.nanoTime(), early));
          if (early) earlySent[s]++;
        }
      }
      round++;
      next += 100 * MS;
      LockSupport.parkNanos(next - System.nanoTime());
    }
    Thread.sleep(300); // let in-flight probes land
    List<Long> arrival = new ArrayList<>();
    List<Long> lossWindow = new ArrayList<>();
    long pairs = 0, lostRound0 = 0, eSent = 0, eDelivered = 0;
    for (int i = 0; i < nodes.length; i++) {
      for (int s : shards[i]) {
        pairs++;
        long a = st[i].firstArrival.get(s);
        eSent += earlySent[s];
        eDelivered += st[i].earlyProbes.get(s);
        if (a == 0) continue;
        arrival.add(a - t0);
        lossWindow.add(st[i].firstSend.get(s) - t0);
        if (st[i].firstRound.get(s) != 0) lostRound0++;
      }
    }
    Thread.sleep(1000);
    Meter.Sample idle0 = Meter.sample();
    Thread.sleep(5000);
    Meter.Sample idle1 = Meter.sample();
    Map<String, long[]>[] tr1 = traffic();
    Meter.Sample after = Meter.sampleAfterGc();
    long[] arr = Meter.sorted(arrival), lw = Meter.sorted(lossWindow);
    System.out.printf(Locale.ROOT,
        "RESULT prop phase=%s pairs=%d reached=%d issue_ms=%.1f prop_p50_ms=%.0f prop_max_ms=%.0f"
            + " lost_first_probe_pct=%.1f loss_window_p50_ms=%.0f loss_window_max_ms=%.0f"
            + " first_second_probes_lost_pct=%.1f (%d/%d) cpu_to_complete_ms=%d cpu_excess_ms=%d gc_ms=%d"
            + " idle_cpu_pct_after=%.1f heap_delta_mb=%.2f heap_mb=%.1f%n",
        phase, pairs, arrival.size(), issued / 1e6, Meter.pct(arr, 50) / 1e6, Meter.pct(arr, 100) / 1e6,
        100.0 * lostRound0 / Math.max(1, arrival.size()), Meter.pct(lw, 50) / 1e6, Meter.pct(lw, 100) / 1e6,
        100.0 * (eSent - eDelivered) / Math.max(1, eSent), eSent - eDelivered, eSent,
        atComplete == null ? -1 : (atComplete.cpuNanos() - before.cpuNanos()) / MS,
        atComplete == null ? -1 : (long) ((atComplete.cpuNanos() - before.cpuNanos())
            - idleBase / 100 * (atComplete.wallNanos() - before.wallNanos())) / MS,
        (atComplete == null ? idle1.gcMs() : atComplete.gcMs()) - before.gcMs(), Meter.cpuPct(idle0, idle1),
        Meter.mb(after.heap() - before.heap()), Meter.mb(after.heap()));
    for (int i = 0; i < NODES; i++) {
      System.out.printf("DETAIL traffic phase=%s node%d %s%n", phase, i, TrafficCounter.format(TrafficCounter.diff(tr0[i], tr1[i])));
    }
  }

  /**
   * One follower lazily subscribes to one more shard (already used by other nodes, new for it),
   * repeated: time until a probe published on node3 every 20 ms reaches it.
   */
  void lazySubscribes(int reps) throws Exception {
    List<Long> times = new ArrayList<>();
    java.util.Random rnd = new java.util.Random(42);
    List<Integer> fresh = new ArrayList<>(); // shards node1 has not subscribed to: %4 == 3, 0, 2
    for (int r : new int[] {3, 0, 2}) for (int x = r; x < k; x += 4) fresh.add(x);
    reps = Math.min(reps, fresh.size());
    for (int r = 0; r < reps; r++) {
      int s = fresh.get(r);
      Thread.sleep(rnd.nextInt(300)); // decorrelate from the gossip ticks
      long t0 = System.nanoTime();
      backend.subscribe(1, s, sinks[1]);
      int round = 0;
      while (stats[1].firstArrival.get(s) == 0 && System.nanoTime() - t0 < 30_000 * MS) {
        backend.publish(PUB, s, new Probe(s, round++, System.nanoTime(), false));
        Thread.sleep(20);
      }
      long a = stats[1].firstArrival.get(s);
      times.add(a == 0 ? Long.MAX_VALUE : a - t0);
    }
    long[] t = Meter.sorted(times);
    System.out.printf(Locale.ROOT, "RESULT lazy-subscribe node1 reps=%d p50_ms=%.0f max_ms=%.0f min_ms=%.0f all_ms=%s%n", reps,
        Meter.pct(t, 50) / 1e6, Meter.pct(t, 100) / 1e6, Meter.pct(t, 0) / 1e6,
        Arrays.toString(Arrays.stream(t).map(x -> x / MS).toArray()));
  }

  /** A second local subscriber on node0 subscribes to all K (already subscribed) topics. */
  void localResubscribe() throws Exception {
    Map<String, long[]> idle0 = TrafficCounter.snapshot(addr[0]);
    Thread.sleep(3000);
    Map<String, long[]> idle1 = TrafficCounter.snapshot(addr[0]);
    Stats sb = new Stats(k);
    ActorRef b = sys[0].actorOf(Sinks.sink(sb), "sink-b");
    long t0 = System.nanoTime();
    for (int s = 0; s < k; s++) backend.subscribe(0, s, b);
    int round = 0;
    while (System.nanoTime() - t0 < 20_000 * MS) {
      int pending = 0;
      for (int s = 0; s < k; s++) {
        if (sb.firstArrival.get(s) == 0) {
          pending++;
          backend.publish(PUB, s, new Probe(s, round, System.nanoTime(), false));
        }
      }
      if (pending == 0) break;
      round++;
      Thread.sleep(20);
    }
    long max = 0;
    for (int s = 0; s < k; s++) max = Math.max(max, sb.firstArrival.get(s) - t0);
    Thread.sleep(Math.max(0, 3000 - (System.nanoTime() - t0) / MS));
    Map<String, long[]> re1 = TrafficCounter.snapshot(addr[0]);
    System.out.printf(Locale.ROOT, "RESULT local-resubscribe new_local_sink_all_K_reached_ms=%.1f rounds=%d%n", max / 1e6, round);
    System.out.printf("DETAIL node0-outbound idle-3s %s%n", TrafficCounter.format(TrafficCounter.diff(idle0, idle1)));
    System.out.printf("DETAIL node0-outbound resubscribe-3s %s%n", TrafficCounter.format(TrafficCounter.diff(idle1, re1)));
    sys[0].stop(b);
  }

  /** node3 publishes n events round-robin over the K shards, in messages of `batch` events. */
  void throughput(String mode, int n, int batch, long rate) throws Exception {
    Thread.sleep(500);
    DeadLetterCounter.reset();
    for (int i = 0; i < 3; i++) stats[i].resetEvents();
    Map<String, long[]> tr0 = TrafficCounter.snapshot(addr[PUB]);
    Meter.Sample m0 = Meter.sample();
    int msgs = n / batch;
    long t0 = System.nanoTime();
    for (int j = 0; j < msgs; j++) {
      int shard = j % k;
      if (batch == 1) {
        backend.publish(PUB, shard, new Event("ns-" + j, j, Msgs.BLOBREF));
      } else {
        List<Event> evs = new ArrayList<>(batch);
        for (int e = 0; e < batch; e++) evs.add(new Event("ns-" + (j * batch + e), j * batch + e, Msgs.BLOBREF));
        backend.publish(PUB, shard, new EventBatch(shard, evs));
      }
      if (rate > 0 && (j + 1) % 50 == 0) {
        long due = t0 + (long) ((j + 1) * (double) batch * 1e9 / rate);
        LockSupport.parkNanos(due - System.nanoTime());
      }
    }
    long pubNanos = System.nanoTime() - t0;
    long[] expected = {n, n / 4, n / 4};
    long last = -1, lastChange = System.nanoTime();
    while (true) {
      long tot = stats[0].events.sum() + stats[1].events.sum() + stats[2].events.sum();
      if (tot == expected[0] + expected[1] + expected[2]) break;
      if (tot != last) {
        last = tot;
        lastChange = System.nanoTime();
      }
      if (System.nanoTime() - lastChange > 3000 * MS || System.nanoTime() - t0 > 120_000 * MS) break;
      Thread.sleep(50);
    }
    Meter.Sample m1 = Meter.sample();
    Map<String, long[]> tr = TrafficCounter.diff(tr0, TrafficCounter.snapshot(addr[PUB]));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      long got = stats[i].events.sum();
      double secs = stats[i].lastEventNanos == 0 ? 0 : (stats[i].lastEventNanos - t0) / 1e9;
      sb.append(String.format(Locale.ROOT, " node%d=%d/%d(%.1f%%lost,%.0fev/s,%.2fs)", i, got, expected[i],
          100.0 * (expected[i] - got) / expected[i], secs == 0 ? 0 : got / secs, secs));
    }
    Map<String, Long> dl = new java.util.TreeMap<>();
    for (int i = 0; i < NODES; i++) {
      final int node = i;
      DeadLetterCounter.snapshot("node" + i).forEach((kk, v) -> {
        if (v > 0) dl.put("node" + node + ":" + kk, v);
      });
    }
    System.out.printf(Locale.ROOT, "RESULT throughput mode=%s batch=%d rate=%s events=%d msgs=%d publish_s=%.2f publish_ev_per_s=%.0f%s cpu_ms=%d gc_ms=%d dead_letters=%s%n",
        mode, batch, rate == 0 ? "max" : String.valueOf(rate), n, msgs, pubNanos / 1e9, n / (pubNanos / 1e9), sb,
        (m1.cpuNanos() - m0.cpuNanos()) / MS, m1.gcMs() - m0.gcMs(), dl);
    System.out.printf("DETAIL throughput mode=%s batch=%d node3-outbound %s%n", mode, batch, TrafficCounter.format(tr));
  }

  /** Sequential pings node3 -> shard 1 (node0 and node1 subscribe): one-way latency to each. */
  void latency(int pings) throws Exception {
    Thread.sleep(1000);
    long[][] lat = new long[2][pings];
    int timeouts = 0;
    for (int i = -200; i < pings; i++) { // 200 warm-up pings
      backend.publish(PUB, 1, new Ping(i, System.nanoTime()));
      Long a = stats[0].pingLatencies.poll(1, TimeUnit.SECONDS);
      Long b = stats[1].pingLatencies.poll(1, TimeUnit.SECONDS);
      if (a == null || b == null) {
        timeouts++;
        stats[0].pingLatencies.clear();
        stats[1].pingLatencies.clear();
        continue;
      }
      if (i >= 0) {
        lat[0][i] = a;
        lat[1][i] = b;
      }
    }
    for (int j = 0; j < 2; j++) {
      long[] s = lat[j].clone();
      Arrays.sort(s);
      System.out.printf(Locale.ROOT, "RESULT latency to=node%d pings=%d timeouts=%d p50_us=%.0f p90_us=%.0f p99_us=%.0f max_us=%.0f%n",
          j, pings, timeouts, Meter.pct(s, 50) / 1e3, Meter.pct(s, 90) / 1e3, Meter.pct(s, 99) / 1e3, Meter.pct(s, 100) / 1e3);
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, long[]>[] traffic() {
    Map<String, long[]>[] out = new Map[NODES];
    for (int i = 0; i < NODES; i++) out[i] = TrafficCounter.snapshot(addr[i]);
    return out;
  }
}
