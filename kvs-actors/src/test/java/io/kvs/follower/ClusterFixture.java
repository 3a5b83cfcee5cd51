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
final class ClusterFixture implements AutoCloseable {
  static final long OWNER_UID = 4000;
  static final Caller OWNER = Caller.owner(OWNER_UID);
  static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger NAMES = new AtomicInteger();

  final int size;
  final String extraConfig;
  final List<ActorSystem<KvsNode.Command>> systems = new ArrayList<>();
  final List<ActorRef<KvsRank.Command>> ranks = new ArrayList<>();

  ClusterFixture(int size, String extraConfig) throws Exception {
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

  static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  private Config config(int rank) {
    String seeds = rank == 0 ? "" : "akka.cluster.seed-nodes = [\""
        + Cluster.get(systems.get(0)).selfMember().address() + "\"]\n";
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
    ActorSystem<KvsNode.Command> system = KvsNode.start("kvs", config(rank));
    systems.set(rank, system);
    ranks.set(rank, KvsNode.rank(system, WAIT).toCompletableFuture().get(10, TimeUnit.SECONDS));
  }

  /** Stops a rank's actor system and waits for it. */
  void stop(int rank) throws Exception {
    systems.get(rank).terminate();
    systems.get(rank).getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Waits until a rank answers a request that needs rank 0. */
  void awaitServing(int rank) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      StatusReply<KvsRank.NamespaceList> r =
          ask(rank, replyTo -> new KvsRank.ListNamespaces(OWNER, replyTo));
      if (r.isSuccess()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("rank " + rank + " never reached rank 0: " + r.getError());
      }
      Thread.sleep(50);
    }
  }

  <T> StatusReply<T> ask(int rank,
      Function<ActorRef<StatusReply<T>>, KvsRank.Command> request) throws Exception {
    ActorSystem<KvsNode.Command> system = systems.get(rank);
    return AskPattern.<KvsRank.Command, StatusReply<T>>ask(ranks.get(rank), request::apply, WAIT,
            system.scheduler())
        .toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  static KvsException error(StatusReply<?> reply) {
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
