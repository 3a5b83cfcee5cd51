package io.kvs.load.cluster;

import io.kvs.Caller;
import io.kvs.client.KvsClient;
import io.kvs.client.KvsUri;
import io.kvs.rank.KvsRank;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Namespace create (then remove) rates, pipelined, with the requests sent to rank 0 or to a
 * follower, which forwards them to rank 0 (one ask per request). Embedded: a pipeline actor in
 * the target rank's actor system talks to that rank's KVS actor. Run dir: one {@link KvsClient}
 * connection to the target rank's socket.
 */
public final class FollowerCreateBench {
  /** Median rates of {@code repeat} runs of one target and count. */
  public record Row(String mode, String target, int rank, int count, double createPerSec,
      double removePerSec, double[] createRuns, long errors) {}

  private static final long TIMEOUT_SECONDS = 300;

  private FollowerCreateBench() {}

  /** Creates and removes namespaces through one rank; one run per call. */
  interface Driver extends AutoCloseable {
    ClientPipeline.Result create(int rank, String prefix, int count, int window) throws Exception;

    ClientPipeline.Result remove(int rank, String prefix, int count, int window) throws Exception;

    @Override
    void close();
  }

  static Driver embedded(int ranks) throws Exception {
    EmbeddedCluster c = EmbeddedCluster.start(ranks, "");
    Caller owner = c.owner;
    return new Driver() {
      @Override
      public ClientPipeline.Result create(int rank, String prefix, int count, int window)
          throws Exception {
        return ActorPipeline.<KvsRank.Command, akka.Done>run(c.systems.get(rank),
            c.ranks.get(rank), count, window, TIMEOUT_SECONDS,
            (i, r) -> new KvsRank.CreateNamespace(prefix + i, -1, null, 0, owner, r));
      }

      @Override
      public ClientPipeline.Result remove(int rank, String prefix, int count, int window)
          throws Exception {
        return ActorPipeline.<KvsRank.Command, akka.Done>run(c.systems.get(rank),
            c.ranks.get(rank), count, window, TIMEOUT_SECONDS,
            (i, r) -> new KvsRank.RemoveNamespace(prefix + i, owner, r));
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }

  static Driver rundir(Path dir, int maxRank) throws Exception {
    List<KvsUri> uris = RunDir.uris(dir);
    if (uris.size() <= maxRank) {
      throw new IllegalArgumentException("the cluster in " + dir + " has no rank " + maxRank);
    }
    List<KvsClient> clients = new ArrayList<>();
    for (KvsUri u : uris) {
      clients.add(KvsClient.connect(u));
    }
    return new Driver() {
      @Override
      public ClientPipeline.Result create(int rank, String prefix, int count, int window)
          throws Exception {
        KvsClient k = clients.get(rank);
        return ClientPipeline.run(count, window, TIMEOUT_SECONDS,
            i -> k.namespaceCreate(prefix + i));
      }

      @Override
      public ClientPipeline.Result remove(int rank, String prefix, int count, int window)
          throws Exception {
        KvsClient k = clients.get(rank);
        return ClientPipeline.run(count, window, TIMEOUT_SECONDS,
            i -> k.namespaceRemove(prefix + i));
      }

      @Override
      public void close() {
        clients.forEach(KvsClient::close);
      }
    };
  }

  /** One run: N creates then N removes through {@code rank}; returns {create/s, remove/s, errors}. */
  static double[] once(Driver d, int rank, int count, int window) throws Exception {
    String prefix = "fc-" + rank + "-" + System.nanoTime() + "-";
    ClientPipeline.Result c = d.create(rank, prefix, count, window);
    ClientPipeline.Result r = d.remove(rank, prefix, count, window);
    if (c.firstError() != null || r.firstError() != null) {
      System.err.println("follower-create: errors: " + c.firstError() + " / " + r.firstError());
    }
    return new double[] {c.rate(count), r.rate(count), c.errors() + r.errors()};
  }

  /**
   * {@code repeat} rounds of one run per target, interleaved (rank 0, follower, rank 0, ...),
   * so that a change in the machine's load affects the targets alike; a row per target with
   * the medians.
   */
  static List<Row> measure(Driver d, String mode, List<Integer> targets, int count, int window,
      int repeat) throws Exception {
    int n = targets.size();
    double[][] creates = new double[n][repeat];
    double[][] removes = new double[n][repeat];
    long[] errors = new long[n];
    for (int i = 0; i < repeat; i++) {
      for (int t = 0; t < n; t++) {
        double[] r = once(d, targets.get(t), count, window);
        creates[t][i] = r[0];
        removes[t][i] = r[1];
        errors[t] += (long) r[2];
      }
    }
    List<Row> rows = new ArrayList<>(n);
    for (int t = 0; t < n; t++) {
      int rank = targets.get(t);
      rows.add(new Row(mode, rank == 0 ? "rank 0" : "follower", rank, count,
          median(creates[t]), median(removes[t]), creates[t], errors[t]));
    }
    return rows;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
