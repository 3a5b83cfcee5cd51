package io.kvs.load.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.pubsub.DistributedPubSub;
import akka.cluster.pubsub.DistributedPubSubMediator;
import akka.pattern.StatusReply;
import io.kvs.Caller;
import io.kvs.client.CommitResult;
import io.kvs.client.KvsClient;
import io.kvs.client.KvsUri;
import io.kvs.client.Txn;
import io.kvs.events.EventBatch;
import io.kvs.events.EventTopics;
import io.kvs.events.KvsEvent;
import io.kvs.namespace.Committed;
import io.kvs.namespace.RootSnapshot;
import io.kvs.rank.KvsRank;
import io.kvs.treeobj.TreeObj;
import io.kvs.txn.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Setroot fan-out latency: the time from a commit's acknowledgement on rank 0 until every
 * follower holding the namespace serves the new root. Commits are sent one at a time; the next
 * commit leaves only once every follower has the previous root, so fan-outs never overlap.
 *
 * <p>Embedded: a probe actor on each follower's actor system subscribes to the namespace's
 * shard topic (through the same classic mediator as the follower's own subscriber), notes when
 * the {@code setroot} event of seq S arrives, then asks the follower's KVS actor for the root
 * (a local tell/reply) until it reports seq >= S. "confirmed" is that reply's arrival: an upper
 * bound of the install time, one local ask late at most.
 *
 * <p>Run dir: through the connectors with {@link KvsClient}: the ack is the commit reply on
 * rank 0's socket. With {@code waitVersion}, each follower gets a {@code kvs.wait-version} for S
 * just before the commit leaves, and "confirmed" is its reply: the follower answers once its
 * root has reached S (by the event or by its own wait at rank 0), so nothing polls. Otherwise
 * each follower's socket is polled with {@code kvs.getroot} (one request outstanding per
 * follower, re-sent from the reply callback) until rootseq >= S; "confirmed" is the first reply
 * showing S: an upper bound, late by at most one poll round trip, and the pollers compete for
 * the CPUs with the ranks.
 */
public final class FanoutBench {
  /** The numbers of one run; latencies relative to the ack except {@code commitRtt}. */
  public record Result(String mode, int ranks, int commits, int warmup, Latency commitRtt,
      Latency fanoutAllFollowers, Latency perFollower, Latency eventArrivalAll,
      Latency pollRtt, long timeouts, long errors) {}

  private static final String KEY = "fanout.key";

  private FanoutBench() {}

  // ------------------------------------------------------------------ embedded

  /** Shared between the driver thread and the actors; indexed by commit number. */
  private static final class Track {
    final long base;
    final long[] send;
    final long[] ack;
    final long[][] event;
    final long[][] confirm;
    final CountDownLatch[] latches;

    Track(long base, int commits, int followers) {
      this.base = base;
      send = new long[commits];
      ack = new long[commits];
      event = new long[followers][commits];
      confirm = new long[followers][commits];
      latches = new CountDownLatch[commits];
    }

    int index(long seq) {
      long i = seq - base - 1;
      return i < 0 || i >= ack.length ? -1 : (int) i;
    }
  }

  private record Go(int index, CompletableFuture<Long> acked) {}

  /** On rank 0's system: sends commit i to rank 0 and stamps the send and the ack. */
  private static Behavior<Object> committer(ActorRef<KvsRank.Command> rank0, String ns,
      Caller owner, Track track) {
    return Behaviors.setup(ctx -> {
      ActorRef<StatusReply<Committed>> self = ctx.getSelf().narrow();
      CompletableFuture<?>[] pending = {null};
      int[] current = {-1};
      return Behaviors.receiveMessage(m -> {
        if (m instanceof Go go) {
          current[0] = go.index();
          pending[0] = go.acked();
          track.send[go.index()] = System.nanoTime();
          rank0.tell(new KvsRank.Commit(ns, 0,
              List.of(Op.put(KEY, TreeObj.Val.utf8("v" + go.index()))), owner, self));
        } else if (m instanceof StatusReply<?> r) {
          track.ack[current[0]] = System.nanoTime();
          @SuppressWarnings("unchecked")
          CompletableFuture<Long> f = (CompletableFuture<Long>) pending[0];
          if (r.isSuccess()) {
            f.complete(((Committed) r.getValue()).rootseq());
          } else {
            f.completeExceptionally(r.getError());
          }
        }
        return Behaviors.same();
      });
    });
  }

  /**
   * On follower f's system: subscribed to the namespace's shard topic; stamps each setroot event
   * of the namespace, then polls the follower's KVS actor until it serves that seq.
   */
  private static Behavior<Object> probe(int f, ActorRef<KvsRank.Command> rank, String ns,
      String topic, Caller owner, Track track, CompletableFuture<Void> subscribed) {
    return Behaviors.setup(ctx -> {
      DistributedPubSub.get(Adapter.toClassic(ctx.getSystem())).mediator().tell(
          new DistributedPubSubMediator.Subscribe(topic, Adapter.toClassic(ctx.getSelf())),
          Adapter.toClassic(ctx.getSelf()));
      ActorRef<StatusReply<RootSnapshot>> self = ctx.getSelf().narrow();
      long[] target = {-1};
      long[] confirmed = {track.base};
      return Behaviors.receiveMessage(m -> {
        if (m instanceof EventBatch batch) {
          long now = System.nanoTime();
          for (KvsEvent e : batch.events()) {
            if (e instanceof KvsEvent.RootChanged rc && rc.namespace().equals(ns)) {
              int i = track.index(rc.rootseq());
              if (i >= 0 && track.event[f][i] == 0) {
                track.event[f][i] = now;
              }
              if (rc.rootseq() > confirmed[0] && target[0] < 0) {
                target[0] = rc.rootseq();
                rank.tell(new KvsRank.GetRoot(ns, owner, self));
              }
            }
          }
        } else if (m instanceof StatusReply<?> r) {
          long now = System.nanoTime();
          long seq = r.isSuccess() ? ((RootSnapshot) r.getValue()).rootseq() : -1;
          if (seq >= target[0]) {
            for (long s = confirmed[0] + 1; s <= seq; s++) {
              int i = track.index(s);
              if (i >= 0) {
                track.confirm[f][i] = now;
                track.latches[i].countDown();
              }
            }
            confirmed[0] = Math.max(confirmed[0], seq);
            target[0] = -1;
          } else {
            rank.tell(new KvsRank.GetRoot(ns, owner, self));
          }
        } else if (m instanceof DistributedPubSubMediator.SubscribeAck) {
          subscribed.complete(null);
        }
        return Behaviors.same();
      });
    });
  }

  public static Result runEmbedded(int ranks, int warmup, int commits, long timeoutMs)
      throws Exception {
    if (ranks < 2) {
      throw new IllegalArgumentException("--ranks must be >= 2 (rank 0 and a follower)");
    }
    try (EmbeddedCluster cluster = EmbeddedCluster.start(ranks, "")) {
      String ns = "fanout-" + System.nanoTime();
      Caller owner = cluster.owner;
      cluster.<akka.Done>call(0, r -> new KvsRank.CreateNamespace(ns, -1, null, 0, owner, r));
      int total = warmup + commits;
      int followers = ranks - 1;
      long base = cluster.<RootSnapshot>call(0, r -> new KvsRank.GetRoot(ns, owner, r)).rootseq();
      Track track = new Track(base, total, followers);
      String topic = new EventTopics(cluster.settings.eventShards(), false).topicOf(ns);
      List<CompletableFuture<Void>> subs = new ArrayList<>();
      for (int f = 0; f < followers; f++) {
        int rank = f + 1;
        // the follower holds the namespace from here on (replica: subscribe, fetch the root)
        cluster.<RootSnapshot>call(rank, r -> new KvsRank.GetRoot(ns, owner, r));
        CompletableFuture<Void> sub = new CompletableFuture<>();
        subs.add(sub);
        cluster.systems.get(rank).systemActorOf(probe(f, cluster.ranks.get(rank), ns, topic,
            owner, track, sub), "fanout-probe", Props.empty());
      }
      for (CompletableFuture<Void> s : subs) {
        s.get(10, TimeUnit.SECONDS);
      }
      // subscriptions spread by pub-sub gossip (200 ms) and the replicas' resync (1 s)
      Thread.sleep(2000);
      ActorRef<Object> committer = cluster.systems.get(0).systemActorOf(
          committer(cluster.ranks.get(0), ns, owner, track), "fanout-committer", Props.empty());
      long timeouts = 0;
      long errors = 0;
      for (int i = 0; i < total; i++) {
        track.latches[i] = new CountDownLatch(followers);
        CompletableFuture<Long> acked = new CompletableFuture<>();
        committer.tell(new Go(i, acked));
        long seq;
        try {
          seq = acked.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          errors++;
          throw new IllegalStateException("commit " + i + " failed: " + e, e);
        }
        if (seq != base + i + 1) {
          throw new IllegalStateException("commit " + i + " got seq " + seq + ", expected "
              + (base + i + 1) + ": someone else commits to " + ns);
        }
        if (!track.latches[i].await(timeoutMs, TimeUnit.MILLISECONDS)) {
          timeouts++;
          if (i >= warmup) {
            System.err.println("fanout: commit " + i + " (seq " + seq + ") not on every follower"
                + " within " + timeoutMs + " ms");
          }
        }
      }
      return summarize("embedded", ranks, warmup, commits, track, timeouts, errors, null);
    }
  }

  private static Result summarize(String mode, int ranks, int warmup, int commits, Track t,
      long timeouts, long errors, Histogram pollRtt) {
    Histogram rtt = Latency.histogram();
    Histogram all = Latency.histogram();
    Histogram per = Latency.histogram();
    Histogram events = Latency.histogram();
    int followers = t.confirm.length;
    for (int i = warmup; i < warmup + commits; i++) {
      Latency.record(rtt, t.ack[i] - t.send[i]);
      long last = 0;
      long lastEvent = 0;
      boolean complete = true;
      boolean eventsComplete = true;
      for (int f = 0; f < followers; f++) {
        if (t.confirm[f][i] == 0) {
          complete = false;
        } else {
          Latency.record(per, t.confirm[f][i] - t.ack[i]);
          last = Math.max(last, t.confirm[f][i]);
        }
        if (t.event[f][i] == 0) {
          eventsComplete = false;
        } else {
          lastEvent = Math.max(lastEvent, t.event[f][i]);
        }
      }
      if (complete) {
        Latency.record(all, last - t.ack[i]);
      }
      if (eventsComplete && mode.equals("embedded")) {
        Latency.record(events, lastEvent - t.ack[i]);
      }
    }
    return new Result(mode, ranks, commits, warmup, Latency.of(rtt), Latency.of(all),
        Latency.of(per), Latency.of(events), pollRtt == null ? null : Latency.of(pollRtt),
        timeouts, errors);
  }

  // ------------------------------------------------------------------ run dir

  public static Result runRunDir(java.nio.file.Path dir, int warmup, int commits, long timeoutMs,
      long pollGapNanos, boolean waitVersion) throws Exception {
    List<KvsUri> uris = RunDir.uris(dir);
    if (uris.size() < 2) {
      throw new IllegalArgumentException("the cluster in " + dir + " has no follower");
    }
    List<KvsClient> clients = new ArrayList<>();
    try {
      for (KvsUri u : uris) {
        clients.add(KvsClient.connect(u));
      }
      KvsClient c0 = clients.get(0);
      String ns = "fanout-" + System.nanoTime();
      c0.namespaceCreate(ns).get(10, TimeUnit.SECONDS);
      int followers = uris.size() - 1;
      for (int f = 1; f <= followers; f++) {
        clients.get(f).getroot(ns).get(10, TimeUnit.SECONDS);
      }
      Thread.sleep(2000);
      long base = c0.getroot(ns).get(10, TimeUnit.SECONDS).rootseq();
      int total = warmup + commits;
      Track t = new Track(base, total, followers);
      Histogram pollRtt = new org.HdrHistogram.ConcurrentHistogram(60_000_000_000L, 3);
      AtomicLong errors = new AtomicLong();
      long timeouts = 0;
      for (int i = 0; i < total; i++) {
        int idx = i;
        CountDownLatch latch = new CountDownLatch(followers);
        t.latches[i] = latch;
        CompletableFuture<Long> acked = new CompletableFuture<>();
        if (waitVersion) {
          for (int f = 0; f < followers; f++) {
            awaitOn(clients.get(f + 1), ns, (int) (base + i + 1), f, idx, t, latch, errors);
          }
        }
        t.send[i] = System.nanoTime();
        c0.commit(ns, new Txn().put(KEY, "v" + i)).whenComplete((CommitResult r, Throwable e) -> {
          t.ack[idx] = System.nanoTime();
          if (e != null) {
            acked.completeExceptionally(e);
            return;
          }
          acked.complete((long) r.rootseq());
          if (waitVersion) {
            return; // each follower's wait-version, sent before the commit, confirms it
          }
          for (int f = 0; f < followers; f++) {
            poll(clients.get(f + 1), ns, r.rootseq(), f, idx, t, latch, pollRtt, errors,
                pollGapNanos, idx >= warmup);
          }
        });
        long seq = acked.get(timeoutMs, TimeUnit.MILLISECONDS);
        if (seq != base + i + 1) {
          throw new IllegalStateException("commit " + i + " got seq " + seq + ", expected "
              + (base + i + 1) + ": someone else commits to " + ns);
        }
        if (!latch.await(timeoutMs, TimeUnit.MILLISECONDS)) {
          timeouts++;
          System.err.println("fanout: commit " + i + " not on every follower within "
              + timeoutMs + " ms");
        }
      }
      c0.namespaceRemove(ns).get(10, TimeUnit.SECONDS);
      return summarize(waitVersion ? "rundir, wait-version" : "rundir, getroot polls",
          uris.size(), warmup, commits, t, timeouts, errors.get(), waitVersion ? null : pollRtt);
    } finally {
      clients.forEach(KvsClient::close);
    }
  }

  /** A wait-version for seq on follower f: its reply confirms that the follower has seq. */
  private static void awaitOn(KvsClient c, String ns, int seq, int f, int idx, Track t,
      CountDownLatch latch, AtomicLong errors) {
    c.waitVersion(ns, seq).whenComplete((v, e) -> {
      if (e != null) {
        errors.incrementAndGet();
      } else {
        t.confirm[f][idx] = System.nanoTime();
      }
      latch.countDown();
    });
  }

  /** One getroot poll of follower f for seq; re-sent from its own reply until it shows seq. */
  private static void poll(KvsClient c, String ns, long seq, int f, int idx, Track t,
      CountDownLatch latch, Histogram pollRtt, AtomicLong errors, long gapNanos,
      boolean measured) {
    long sent = System.nanoTime();
    c.getroot(ns).whenComplete((root, e) -> {
      long now = System.nanoTime();
      if (measured) {
        pollRtt.recordValue(Math.max(0, now - sent));
      }
      if (e != null) {
        errors.incrementAndGet();
        latch.countDown();
      } else if (root.rootseq() >= seq) {
        t.confirm[f][idx] = now;
        latch.countDown();
      } else if (now - t.ack[idx] > TimeUnit.SECONDS.toNanos(5)) {
        latch.countDown();
      } else {
        if (gapNanos > 0) {
          long until = now + gapNanos;
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
          }
        }
        poll(c, ns, seq, f, idx, t, latch, pollRtt, errors, gapNanos, measured);
      }
    });
  }
}
