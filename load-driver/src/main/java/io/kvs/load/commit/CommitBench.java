package io.kvs.load.commit;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kvs.client.KvsClient;
import io.kvs.client.Txn;
import io.kvs.load.drive.Pipeline;
import io.kvs.load.drive.RunNames;
import io.kvs.load.report.Progress;
import io.kvs.load.report.Recorder;
import io.kvs.txn.CommitFlags;
import java.util.concurrent.TimeUnit;

/**
 * Small commits, pipelined: spread over many namespaces, or all into one, with transaction
 * merging allowed or refused ({@code NO_MERGE}). Every commit puts one short value under one
 * of {@value #KEYS} keys of its namespace, so a namespace's directory stays small and every
 * commit costs the same however many were made.
 */
public final class CommitBench {
  static final int KEYS = 64;

  /**
   * One measurement; {@code roots} is how many new roots the commits made (fewer than
   * {@code commits} when merged).
   */
  public record Row(
      String spread,
      boolean merge,
      int namespaces,
      int commits,
      @JsonProperty("commits_per_s") double commitsPerSec,
      long roots,
      long errors) {}

  private final KvsClient client;
  private final KvsClient admin;
  private final Pipeline pipeline;
  private final Pipeline setup;
  private final String prefix;
  private int runs;

  /** {@code client} sends the commits; {@code admin} (rank 0) creates and removes namespaces. */
  public CommitBench(KvsClient client, KvsClient admin, Pipeline pipeline) {
    this.client = client;
    this.admin = admin;
    this.pipeline = pipeline;
    this.setup = new Pipeline(pipeline.window(), pipeline.timeoutSeconds(), new Recorder(),
        Progress.start("setup", 0, false));
    this.prefix = RunNames.prefix("commitbench");
  }

  /** {@code commits} commits over {@code namespaces} fresh namespaces (1 = "one"). */
  public Row run(int namespaces, int commits, boolean merge) throws Exception {
    String names = prefix + (runs++) + "-";
    setup.run("setup", namespaces, i -> admin.namespaceCreate(names + i));
    long errorsBefore = pipeline.recorder().errorCount();
    int flags = merge ? 0 : CommitFlags.NO_MERGE;
    String op = (namespaces == 1 ? "one" : "many") + (merge ? ".merge" : ".no-merge");
    long nanos = pipeline.run(op, commits, i -> client.commit(names + (i % namespaces), flags,
        new Txn().put("bench.k" + ((i / namespaces) % KEYS), "v" + i)));
    long errors = pipeline.recorder().errorCount() - errorsBefore;
    if (setup.recorder().errorCount() > 0) {
      throw new IllegalStateException("kvs-load: could not create the namespaces: "
          + setup.recorder().errors());
    }
    long roots = 0;
    for (int i = 0; i < namespaces; i++) {
      roots += admin.getroot(names + i).get(60, TimeUnit.SECONDS).rootseq();
    }
    setup.run("setup", namespaces, i -> admin.namespaceRemove(names + i));
    return new Row(namespaces == 1 ? "one" : "many", merge, namespaces, commits,
        nanos <= 0 ? 0 : commits / (nanos / 1e9), roots, errors);
  }
}
