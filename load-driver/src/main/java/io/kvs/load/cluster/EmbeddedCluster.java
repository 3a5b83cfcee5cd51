package io.kvs.load.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.typed.Cluster;
import akka.pattern.StatusReply;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kvs.Caller;
import io.kvs.node.KvsNode;
import io.kvs.rank.KvsRank;
import io.kvs.rank.KvsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Ranks as actor systems in this JVM on 127.0.0.1 (the {@code embedded} configuration): rank 0
 * first, forming a cluster of its own, then the followers joining it as their seed node. Every
 * cross-rank message goes through Artery (TCP on loopback) and is serialized, as between
 * processes; only the CPU and the heap are shared.
 */
public final class EmbeddedCluster implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(10);

  public final List<ActorSystem<KvsNode.Command>> systems = new ArrayList<>();
  public final List<ActorRef<KvsRank.Command>> ranks = new ArrayList<>();
  public final List<Config> configs = new ArrayList<>();
  public final Caller owner;
  public final KvsSettings settings;
  /** The run directory of the ranks' connector sockets; null without connectors. */
  public final Path rundir;

  private EmbeddedCluster(int size, String extraConfig, Path rundir) throws Exception {
    this.rundir = rundir;
    try {
      for (int rank = 0; rank < size; rank++) {
        String seed = rank == 0 ? null
            : Cluster.get(systems.get(0)).selfMember().address().toString();
        Config config = config(rank, size, seed, extraConfig + connectorConfig(rank));
        configs.add(config);
        ActorSystem<KvsNode.Command> system = KvsNode.start("kvs", config);
        systems.add(system);
        ranks.add(KvsNode.rank(system, WAIT).toCompletableFuture().get(10, TimeUnit.SECONDS));
      }
      settings = KvsSettings.fromConfig(configs.get(0));
      owner = Caller.owner(settings.instanceOwner());
      for (int rank = 1; rank < size; rank++) {
        awaitServing(rank);
      }
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** Starts {@code size} ranks; {@code extraConfig} (HOCON) applies to every rank. */
  public static EmbeddedCluster start(int size, String extraConfig) throws Exception {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1");
    }
    return new EmbeddedCluster(size, extraConfig == null ? "" : extraConfig, null);
  }

  /**
   * Like {@link #start}, each rank with its connector on {@code <rundir>/rank-N/local.sock}
   * in a fresh temporary run directory (removed by {@link #close}).
   */
  public static EmbeddedCluster startWithConnectors(int size, String extraConfig)
      throws Exception {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1");
    }
    Path dir = Files.createTempDirectory("kvs-load-");
    return new EmbeddedCluster(size, extraConfig == null ? "" : extraConfig, dir);
  }

  private String connectorConfig(int rank) throws java.io.IOException {
    if (rundir == null) {
      return "";
    }
    Files.createDirectories(socket(rank).getParent());
    return "\nkvs.connector.enabled = on\nkvs.rundir = \"" + rundir + "\"\n"
        + "kvs.connector.socket-path = \"" + socket(rank) + "\"\n";
  }

  /** The connector socket of {@code rank}; only with connectors. */
  public Path socket(int rank) {
    if (rundir == null) {
      throw new IllegalStateException("this cluster was started without connectors");
    }
    return rundir.resolve("rank-" + rank).resolve("local.sock");
  }

  private static Config config(int rank, int size, String seed, String extra) {
    String seeds = seed == null ? "" : "akka.cluster.seed-nodes = [\"" + seed + "\"]\n";
    return ConfigFactory.parseString(extra + "\n" + seeds
            + "kvs.rank = " + rank + "\nkvs.size = " + size + "\n"
            + "akka.loglevel = WARNING\n"
            + "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n")
        .withFallback(ConfigFactory.load("embedded"))
        .resolve();
  }

  public int size() {
    return systems.size();
  }

  /** Waits (at most 30 s) until a rank answers a request that only rank 0 serves. */
  private void awaitServing(int rank) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Object last = null;
    while (System.nanoTime() < deadline) {
      try {
        StatusReply<KvsRank.NamespaceList> r =
            ask(rank, replyTo -> new KvsRank.ListNamespaces(owner, replyTo));
        if (r.isSuccess()) {
          return;
        }
        last = r.getError();
      } catch (ExecutionException e) {
        last = e.getCause();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("rank " + rank + " never reached rank 0: " + last);
  }

  /** One request to a rank's KVS actor, waiting (at most 15 s) for its reply. */
  public <T> StatusReply<T> ask(int rank,
      Function<ActorRef<StatusReply<T>>, KvsRank.Command> request) throws Exception {
    ActorSystem<KvsNode.Command> system = systems.get(rank);
    return AskPattern.<KvsRank.Command, StatusReply<T>>ask(ranks.get(rank), request::apply, WAIT,
            system.scheduler())
        .toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  /** Like {@link #ask}, but fails unless the reply is a success. */
  public <T> T call(int rank, Function<ActorRef<StatusReply<T>>, KvsRank.Command> request)
      throws Exception {
    StatusReply<T> r = ask(rank, request);
    if (r.isError()) {
      throw new IllegalStateException("rank " + rank + ": " + r.getError().getMessage(),
          r.getError());
    }
    return r.getValue();
  }

  @Override
  public void close() {
    for (ActorSystem<KvsNode.Command> s : systems) {
      // ranks stopping one by one cut each other's connections: Artery warns of each, which
      // is expected here and says nothing about the run
      s.classicSystem().eventStream().setLogLevel(akka.event.Logging.ErrorLevel());
    }
    for (int rank = systems.size() - 1; rank >= 0; rank--) {
      ActorSystem<KvsNode.Command> s = systems.get(rank);
      s.terminate();
      try {
        s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // best effort: the JVM exits after the benchmark anyway
      }
    }
    if (rundir != null) {
      RunDir.deleteTree(rundir);
    }
  }
}
