package io.kvs.load.connector;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kvs.client.KvsClient;
import io.kvs.client.KvsClientException;
import io.kvs.client.KvsUri;
import io.kvs.load.cluster.ClientPipeline;
import io.kvs.load.cluster.Latency;
import io.kvs.node.KvsNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Benchmarks through a real connector socket with {@link KvsClient}: the round trip of
 * {@code kvs.lookup} on an idle rank, pipelined lookups of one key from several connections,
 * and pipelined namespace creates (then removes) from one connection to rank 0.
 */
public final class ConnectorBench {
  /** Latency of sequential lookups, two ways of waiting for the reply. */
  public record LookupResult(int warmup, Latency joined, Latency chained) {}

  /** Pipelined lookups of one key from several connections at once. */
  public record ReadResult(int readers, int count, int window, double lookupsPerSec,
      long errors) {}

  /** Median rates of pipelined creates and removes on one connection. */
  public record CreateResult(int count, int window, double createPerSec, double removePerSec,
      double[] createRuns, double[] removeRuns, long errors) {}

  static final String KEY = "bench.connector.lookup";
  private static final long TIMEOUT_SECONDS = 300;

  private ConnectorBench() {}

  /** A root rank in this JVM with its connector on a fresh socket; closes it with the JVM's. */
  static final class EmbeddedRank implements AutoCloseable {
    final ActorSystem<KvsNode.Command> system;
    final Path dir;
    final KvsUri uri;

    EmbeddedRank() throws Exception {
      dir = Files.createTempDirectory("kvs-connector-bench-");
      Path sock = dir.resolve("local.sock");
      Config config = ConfigFactory.parseString(
              "kvs.connector.enabled = on\n"
                  + "kvs.connector.socket-path = \"" + sock + "\"\n"
                  + "kvs.rundir = \"" + dir + "\"\n"
                  + "akka.loglevel = WARNING\n"
                  + "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n")
          .withFallback(ConfigFactory.load("embedded"))
          .resolve();
      system = KvsNode.start("kvs", config);
      KvsNode.rank(system, java.time.Duration.ofSeconds(10)).toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      uri = KvsUri.parse("local://" + sock);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (true) {
        try (KvsClient c = KvsClient.connect(uri)) {
          c.ping(KvsClient.object()).get(10, TimeUnit.SECONDS);
          break;
        } catch (KvsClientException e) {
          if (System.nanoTime() > deadline) {
            close();
            throw e;
          }
          Thread.sleep(50);
        }
      }
    }

    @Override
    public void close() {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Files.deleteIfExists(dir.resolve("local.sock"));
        Files.deleteIfExists(dir);
      } catch (Exception e) {
        // best effort
      }
    }
  }

  /** {@code warmup} then {@code count} lookups of a small value in primary, one at a time. */
  static LookupResult lookups(KvsClient c, int warmup, int count) throws Exception {
    c.put(KvsClient.PRIMARY, KEY, "x").get(10, TimeUnit.SECONDS);
    // joined: the caller's thread waits for each reply (join), as a simple client does
    Histogram joined = Latency.histogram();
    for (int i = 0; i < warmup + count; i++) {
      long t = System.nanoTime();
      c.lookup(KvsClient.PRIMARY, KEY, 0).get(10, TimeUnit.SECONDS);
      if (i >= warmup) {
        Latency.record(joined, System.nanoTime() - t);
      }
    }
    // chained: the next lookup leaves from the previous reply's callback on the client's reader
    // thread, so no thread hand-off on the client side is measured
    Histogram chained = Latency.histogram();
    CompletableFuture<Void> done = new CompletableFuture<>();
    chain(c, 0, warmup + count, warmup, chained, done);
    done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return new LookupResult(warmup, Latency.of(joined), Latency.of(chained));
  }

  private static void chain(KvsClient c, int i, int total, int warmup, Histogram h,
      CompletableFuture<Void> done) {
    long t = System.nanoTime();
    c.lookup(KvsClient.PRIMARY, KEY, 0).whenComplete((v, e) -> {
      long now = System.nanoTime();
      if (e != null) {
        done.completeExceptionally(e);
      } else {
        if (i >= warmup) {
          Latency.record(h, now - t);
        }
        if (i + 1 == total) {
          done.complete(null);
        } else {
          chain(c, i + 1, total, warmup, h, done);
        }
      }
    });
  }

  /**
   * {@code count} lookups of one small value in primary split over the {@code clients}, each
   * connection with {@code window} in flight, all at once (after as many again as a warm-up).
   */
  static ReadResult pipelinedLookups(List<KvsClient> clients, int count, int window)
      throws Exception {
    clients.get(0).put(KvsClient.PRIMARY, KEY, "x").get(10, TimeUnit.SECONDS);
    int each = count / clients.size();
    readAll(clients, each, window);
    long start = System.nanoTime();
    long errors = readAll(clients, each, window);
    int total = each * clients.size();
    double perSec = total / ((System.nanoTime() - start) / 1e9);
    return new ReadResult(clients.size(), total, window, perSec, errors);
  }

  /** {@code each} lookups on every client, each client on its own thread; the errors of all. */
  private static long readAll(List<KvsClient> clients, int each, int window) throws Exception {
    List<CompletableFuture<ClientPipeline.Result>> runs = new ArrayList<>();
    for (KvsClient c : clients) {
      runs.add(CompletableFuture.supplyAsync(() -> {
        try {
          return ClientPipeline.run(each, window, TIMEOUT_SECONDS,
              i -> c.lookup(KvsClient.PRIMARY, KEY, 0));
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      }, r -> new Thread(r, "kvs-load-reader").start()));
    }
    long errors = 0;
    for (CompletableFuture<ClientPipeline.Result> r : runs) {
      ClientPipeline.Result res = r.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (res.firstError() != null) {
        System.err.println("connector: errors: " + res.firstError());
      }
      errors += res.errors();
    }
    return errors;
  }

  /** {@code warmupRuns} discarded runs, then {@code repeat} runs of N creates + N removes. */
  static CreateResult creates(KvsClient c, int count, int window, int repeat, int warmupRuns)
      throws Exception {
    for (int i = 0; i < warmupRuns; i++) {
      once(c, count, window);
    }
    double[] creates = new double[repeat];
    double[] removes = new double[repeat];
    long errors = 0;
    for (int i = 0; i < repeat; i++) {
      double[] r = once(c, count, window);
      creates[i] = r[0];
      removes[i] = r[1];
      errors += (long) r[2];
    }
    return new CreateResult(count, window, median(creates), median(removes), creates, removes,
        errors);
  }

  private static double[] once(KvsClient c, int count, int window) throws Exception {
    String prefix = "cb-" + System.nanoTime() + "-";
    ClientPipeline.Result cr = ClientPipeline.run(count, window, TIMEOUT_SECONDS,
        i -> c.namespaceCreate(prefix + i));
    ClientPipeline.Result rr = ClientPipeline.run(count, window, TIMEOUT_SECONDS,
        i -> c.namespaceRemove(prefix + i));
    if (cr.firstError() != null || rr.firstError() != null) {
      System.err.println("connector: errors: " + cr.firstError() + " / " + rr.firstError());
    }
    return new double[] {cr.rate(count), rr.rate(count), cr.errors() + rr.errors()};
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
