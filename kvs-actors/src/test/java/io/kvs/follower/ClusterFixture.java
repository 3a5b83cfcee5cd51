package io.kvs.follower;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.typed.Cluster;
import akka.pattern.StatusReply;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kvs.Caller;
import io.kvs.KvsException;
import io.kvs.node.KvsNode;
import io.kvs.rank.KvsRank;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Several ranks as actor systems in one JVM on 127.0.0.1: rank 0 first, the others joining it.
 * {@link #ask} sends one request to a rank and waits for its reply.
 */
public final class ClusterFixture implements AutoCloseable {
  public static final long OWNER_UID = 4000;
  public static final Caller OWNER = Caller.owner(OWNER_UID);
  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger NAMES = new AtomicInteger();

  final int size;
  final String extraConfig;
  public final List<ActorSystem<KvsNode.Command>> systems = new ArrayList<>();
  public final List<ActorRef<KvsRank.Command>> ranks = new ArrayList<>();

  public ClusterFixture(int size, String extraConfig) throws Exception {
    this.size = size;
    this.extraConfig = extraConfig;
    for (int rank = 0; rank < size; rank++) {
      systems.add(null);
      ranks.add(null);
      start(rank);
    }
    for (int rank = 1; rank < size; rank++) {
      awaitServing(rank);
    }
  }

  public static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  private Config config(int rank, String seed) {
    String seeds = seed == null ? "" : "akka.cluster.seed-nodes = [\"" + seed + "\"]\n";
    return ConfigFactory.parseString(extraConfig + "\n" + seeds
            + "kvs.rank = " + rank + "\nkvs.size = " + size + "\n"
            + "kvs.instance-owner = " + OWNER_UID + "\n"
            + "kvs.ask-timeout = 5s\n"
            + "akka.cluster.split-brain-resolver.stable-after = 2s\n"
            + "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n")
        .withFallback(ConfigFactory.load("embedded"))
        .resolve();
  }

  /** Starts (or restarts) a rank. */
  void start(int rank) throws Exception {
    start(rank, rank == 0 ? null : Cluster.get(systems.get(0)).selfMember().address().toString());
  }

  /** Starts rank 0 again, joining the cluster that the followers kept through {@code seed}. */
  void restartRootJoining(String seed) throws Exception {
    start(0, seed);
  }

  private void start(int rank, String seed) throws Exception {
    ActorSystem<KvsNode.Command> system = KvsNode.start("kvs", config(rank, seed));
    systems.set(rank, system);
    ranks.set(rank, KvsNode.rank(system, WAIT).toCompletableFuture().get(10, TimeUnit.SECONDS));
  }

  /** Stops a rank's actor system and waits for it. */
  void stop(int rank) throws Exception {
    systems.get(rank).terminate();
    systems.get(rank).getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Waits until a rank answers a request that needs rank 0. */
  public void awaitServing(int rank) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Object last = null;
    while (System.nanoTime() < deadline) {
      try {
        StatusReply<KvsRank.NamespaceList> r =
            ask(rank, replyTo -> new KvsRank.ListNamespaces(OWNER, replyTo));
        if (r.isSuccess()) {
          return;
        }
        last = r.getError();
      } catch (java.util.concurrent.ExecutionException e) {
        last = e.getCause();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("rank " + rank + " never reached rank 0: " + last);
  }

  public <T> StatusReply<T> ask(int rank,
      Function<ActorRef<StatusReply<T>>, KvsRank.Command> request) throws Exception {
    return askAsync(rank, request).get(15, TimeUnit.SECONDS);
  }

  /** The request sent now; its reply (or the ask's timeout) later. */
  public <T> java.util.concurrent.CompletableFuture<StatusReply<T>> askAsync(int rank,
      Function<ActorRef<StatusReply<T>>, KvsRank.Command> request) {
    ActorSystem<KvsNode.Command> system = systems.get(rank);
    return AskPattern.<KvsRank.Command, StatusReply<T>>ask(ranks.get(rank), request::apply, WAIT,
            system.scheduler())
        .toCompletableFuture();
  }

  /** The statistics of {@code rank}, over all its namespaces. */
  public io.kvs.rank.KvsStats stats(int rank) throws Exception {
    return this.<io.kvs.rank.KvsStats>ask(rank, r -> new KvsRank.GetStats(null, OWNER, r))
        .getValue();
  }

  public StatusReply<akka.Done> create(int rank, String namespace, long owner) throws Exception {
    return ask(rank, r -> new KvsRank.CreateNamespace(namespace, owner, null, 0, OWNER, r));
  }

  public StatusReply<akka.Done> remove(int rank, String namespace) throws Exception {
    return ask(rank, r -> new KvsRank.RemoveNamespace(namespace, OWNER, r));
  }

  public static KvsException error(StatusReply<?> reply) {
    if (!reply.isError()) {
      throw new AssertionError("expected an error, got " + reply);
    }
    return (KvsException) reply.getError();
  }

  @Override
  public void close() {
    for (int rank = systems.size() - 1; rank >= 0; rank--) {
      ActorSystem<KvsNode.Command> s = systems.get(rank);
      if (s != null) {
        s.terminate();
        try {
          s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          // best effort in tests
        }
      }
    }
  }
}
