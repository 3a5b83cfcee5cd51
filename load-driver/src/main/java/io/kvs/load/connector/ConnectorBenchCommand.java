package io.kvs.load.connector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kvs.client.KvsClient;
import io.kvs.client.KvsUri;
import io.kvs.load.cluster.Latency;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kvs-load connector}: lookup latency and create rate through a connector socket. */
@Command(
    name = "connector",
    mixinStandardHelpOptions = true,
    description = {
      "Through a real connector socket with the Java client: (a) round trip of kvs.lookup on an",
      "idle rank, one at a time; (b) pipelined namespace creates (then removes) from one",
      "connection to rank 0; (c) pipelined lookups of one key in primary from --readers",
      "connections at once (their answers all come from that namespace's actor). By default a root rank runs in this JVM with its connector on a",
      "temporary socket; --uri local:///path/local.sock targets a running rank instead.",
      "Bounded: fixed counts, each phase at most 300 s."
    })
public final class ConnectorBenchCommand implements Callable<Integer> {
  /** The parts --skip may name. */
  private static final Set<String> PARTS = Set.of("lookup", "create", "reads");

  @Option(names = "--uri", description = "A running rank's socket (local:///path or tcp://...).")
  String uri;

  @Option(names = "--lookups", defaultValue = "10000",
      description = "Lookups measured (default: ${DEFAULT-VALUE}).")
  int lookups;

  @Option(names = "--warmup-lookups", defaultValue = "20000",
      description = "Lookups before measuring (default: ${DEFAULT-VALUE}).")
  int warmupLookups;

  @Option(names = "--creates", defaultValue = "100000",
      description = "Namespaces created (then removed) per run (default: ${DEFAULT-VALUE}).")
  int creates;

  @Option(names = "--window", defaultValue = "1000",
      description = "Requests in flight; the connector reads at most kvs.connector.max-in-flight "
          + "(1024) at once (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--repeat", defaultValue = "3",
      description = "Measured create runs; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--warmup-runs", defaultValue = "1",
      description = "Discarded create runs first (default: ${DEFAULT-VALUE}).")
  int warmupRuns;

  @Option(names = "--readers", defaultValue = "4",
      description = "Connections of the pipelined lookups (default: ${DEFAULT-VALUE}).")
  int readers;

  @Option(names = "--reads", defaultValue = "200000",
      description = "Pipelined lookups measured, over all readers, after as many as a "
          + "warm-up (default: ${DEFAULT-VALUE}).")
  int reads;

  @Option(names = "--skip", split = ",",
      description = "lookup, create or reads (comma-separated): leave those parts out.")
  Set<String> skip = Set.of();

  @Option(names = {"-w", "--format"}, defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws Exception {
    if (lookups < 1 || warmupLookups < 0 || creates < 1 || window < 1 || repeat < 1
        || warmupRuns < 0 || readers < 1 || reads < readers) {
      throw new IllegalArgumentException("counts, --window, --repeat and --readers must be >= 1"
          + " and --reads at least --readers");
    }
    for (String part : skip) {
      if (!PARTS.contains(part)) {
        throw new IllegalArgumentException("--skip takes lookup, create or reads, not " + part);
      }
    }
    ConnectorBench.EmbeddedRank rank = uri == null ? new ConnectorBench.EmbeddedRank() : null;
    ConnectorBench.LookupResult lr = null;
    ConnectorBench.CreateResult cr = null;
    ConnectorBench.ReadResult rr = null;
    String target = uri == null ? "embedded rank 0, socket " + rank.uri : uri;
    KvsUri to = rank != null ? rank.uri : KvsUri.parse(uri);
    try (KvsClient c = KvsClient.connect(to)) {
      if (!skip.contains("lookup")) {
        lr = ConnectorBench.lookups(c, warmupLookups, lookups);
      }
      if (!skip.contains("create")) {
        cr = ConnectorBench.creates(c, creates, window, repeat, warmupRuns);
      }
      if (!skip.contains("reads")) {
        rr = readers(to);
      }
    } finally {
      if (rank != null) {
        rank.close();
      }
    }
    if (format.equals("json")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("benchmark", "connector");
      doc.put("target", target);
      doc.put("lookup", lr);
      doc.put("create", cr);
      doc.put("reads", rr);
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(doc));
    } else {
      System.out.println("connector: " + target);
      if (lr != null) {
        System.out.printf("(a) kvs.lookup round trip, %d sequential after %d warm-up%n",
            lr.joined().count(), lr.warmup());
        System.out.printf("%-30s %s%n", "", Latency.header());
        System.out.printf("%-30s %s%n", "caller thread waits (get)", lr.joined().row());
        System.out.printf("%-30s %s%n", "chained on reader thread", lr.chained().row());
      }
      if (cr != null) {
        System.out.printf("(b) pipelined namespace create/remove, one connection, N = %d, "
            + "window %d, median of %d%n", cr.count(), cr.window(), cr.createRuns().length);
        System.out.printf("%12s %12s %7s  %s%n", "create/s", "remove/s", "errors",
            "create/s of each run");
        StringBuilder runs = new StringBuilder();
        for (double v : cr.createRuns()) {
          runs.append(String.format("%.0f ", v));
        }
        System.out.printf("%12.0f %12.0f %7d  %s%n", cr.createPerSec(), cr.removePerSec(),
            cr.errors(), runs.toString().trim());
      }
      if (rr != null) {
        System.out.printf("(c) pipelined kvs.lookup of one key, %d connections, %d lookups, "
            + "window %d each%n", rr.readers(), rr.count(), rr.window());
        System.out.printf("%12s %7s%n", "lookup/s", "errors");
        System.out.printf("%12.0f %7d%n", rr.lookupsPerSec(), rr.errors());
      }
    }
    return (cr != null && cr.errors() > 0) || (rr != null && rr.errors() > 0) ? 1 : 0;
  }

  private ConnectorBench.ReadResult readers(KvsUri to) throws Exception {
    List<KvsClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < readers; i++) {
        clients.add(KvsClient.connect(to));
      }
      return ConnectorBench.pipelinedLookups(clients, reads, window);
    } finally {
      for (KvsClient c : clients) {
        c.close();
      }
    }
  }
}
