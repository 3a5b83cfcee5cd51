package io.kvs.load.drive;

import io.kvs.client.KvsClient;
import io.kvs.client.KvsClientException;
import io.kvs.client.KvsUri;
import io.kvs.load.cluster.EmbeddedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a benchmark drives: the connectors of a cluster, rank by rank, either started here (ranks
 * as actor systems in this JVM, each with a real connector socket) or already running.
 */
public final class Target implements AutoCloseable {
  private final List<KvsUri> uris;
  private final String description;
  private final EmbeddedCluster cluster;
  private final String rootSubscription;

  private Target(List<KvsUri> uris, String description, EmbeddedCluster cluster,
      String rootSubscription) {
    this.uris = List.copyOf(uris);
    this.description = description;
    this.cluster = cluster;
    this.rootSubscription = rootSubscription;
  }

  /**
   * Starts {@code ranks} ranks in this JVM; rank 0 subscribes to events as
   * {@code rootSubscription} says ({@code wildcard} or {@code per-namespace}).
   */
  public static Target embedded(int ranks, String rootSubscription) throws Exception {
    EmbeddedCluster cluster = EmbeddedCluster.startWithConnectors(ranks,
        "kvs.events.root-subscription = " + rootSubscription + "\n");
    try {
      List<KvsUri> uris = new ArrayList<>();
      for (int rank = 0; rank < ranks; rank++) {
        uris.add(KvsUri.parse("local://" + cluster.socket(rank)));
      }
      awaitListening(uris);
      return new Target(uris, "embedded, " + ranks + (ranks == 1 ? " rank" : " ranks"),
          cluster, rootSubscription);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** A running cluster: {@code uris.get(r)} is rank r's connector. */
  public static Target remote(List<KvsUri> uris) throws Exception {
    awaitListening(uris);
    return new Target(uris, uris.size() + (uris.size() == 1 ? " rank at " : " ranks at ")
        + uris.get(0) + (uris.size() > 1 ? " ..." : ""), null, "as configured");
  }

  /** Pings every connector until it answers (at most 20 s each). */
  private static void awaitListening(List<KvsUri> uris) throws Exception {
    for (KvsUri uri : uris) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (true) {
        try (KvsClient c = KvsClient.connect(uri)) {
          c.ping(KvsClient.object()).get(10, TimeUnit.SECONDS);
          break;
        } catch (KvsClientException | java.util.concurrent.ExecutionException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("kvs-load: no answer from " + uri + ": "
                + e.getMessage(), e);
          }
          Thread.sleep(50);
        }
      }
    }
  }

  public int ranks() {
    return uris.size();
  }

  public KvsUri uri(int rank) {
    checkRank(rank);
    return uris.get(rank);
  }

  /** A new connection to {@code rank}'s connector. */
  public KvsClient connect(int rank) {
    return KvsClient.connect(uri(rank));
  }

  /** Fails with a clear message unless {@code rank} is one of this target's ranks. */
  public void checkRank(int rank) {
    if (rank < 0 || rank >= uris.size()) {
      throw new IllegalArgumentException("kvs-load: rank " + rank + " is not in this cluster"
          + " (ranks 0-" + (uris.size() - 1) + ")");
    }
  }

  public String description() {
    return description;
  }

  /** {@code wildcard}, {@code per-namespace}, or {@code as configured} for a remote cluster. */
  public String rootSubscription() {
    return rootSubscription;
  }

  public boolean isEmbedded() {
    return cluster != null;
  }

  /**
   * Stops the embedded ranks. Their shutdown logs expected warnings (connections aborted, rank 0
   * gone); those would only hide the summary, so only errors are logged while they stop.
   */
  @Override
  public void close() {
    if (cluster != null) {
      org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      if (root instanceof ch.qos.logback.classic.Logger logback) {
        ch.qos.logback.classic.Level before = logback.getLevel();
        logback.setLevel(ch.qos.logback.classic.Level.ERROR);
        try {
          cluster.close();
        } finally {
          logback.setLevel(before);
        }
      } else {
        cluster.close();
      }
    }
  }
}
