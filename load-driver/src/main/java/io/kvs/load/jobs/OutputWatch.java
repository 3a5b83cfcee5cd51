package io.kvs.load.jobs;

import io.kvs.client.Eventlog;
import io.kvs.client.KvsClient;
import io.kvs.client.Watch;
import io.kvs.load.drive.Pipeline;
import io.kvs.lookup.LookupFlags;
import io.kvs.treeobj.TreeObj;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A watcher attached to a job's output (as {@code flux job attach} does): a WATCH_APPEND watch
 * of {@code output} in the guest namespace that ends at the eof entry. Recorded as
 * {@code watch} (from start to eof); a watch that ends first, or sees other lines than the
 * shell wrote, is an {@code INCOMPLETE} error.
 */
final class OutputWatch implements Watch.Listener {
  private static final int FLAGS = LookupFlags.WATCH | LookupFlags.WAITCREATE
      | LookupFlags.WATCH_APPEND;

  private final KvsClient client;
  private final String ns;
  private final long id;
  private final JobSpec spec;
  private final Pipeline pipeline;
  private final Eventlog.Reader reader = new Eventlog.Reader();
  private final CompletableFuture<Void> result = new CompletableFuture<>();
  private int lines;
  private boolean header;
  private volatile String problem;

  OutputWatch(KvsClient client, String ns, long id, JobSpec spec, Pipeline pipeline) {
    this.client = client;
    this.ns = ns;
    this.id = id;
    this.spec = spec;
    this.pipeline = pipeline;
  }

  /** Starts watching; completes at eof (exceptionally if the output was not as written). */
  CompletableFuture<Void> start() {
    long t = System.nanoTime();
    Watch w = client.watch(ns, JobEvents.OUTPUT, FLAGS, this);
    w.done().whenComplete((v, e) -> result.completeExceptionally(e != null ? e
        : new IllegalStateException("kvs-load: the watch of " + ns + " ended before eof")));
    return result.orTimeout(spec.stepTimeoutSeconds(), TimeUnit.SECONDS)
        .whenComplete((v, e) -> {
          w.cancel();
          if (e == null) {
            pipeline.record("watch", t, null);
          } else {
            pipeline.recorder().error("watch", problem != null ? "INCOMPLETE"
                : Pipeline.errno(e));
          }
        });
  }

  @Override
  public synchronized void onValue(TreeObj value) {
    for (Eventlog.Event e : reader.feed(KvsClient.valueOf(value))) {
      if (!header) {
        header = e.name().equals("header");
        check(header, "output does not start with a header");
      } else if (JobEvents.isEof(e)) {
        check(lines == spec.outputLines(), "eof after " + lines + " of " + spec.outputLines()
            + " lines");
        result.complete(null);
      } else {
        String data = e.context() == null ? null : e.context().path("data").asText(null);
        check(JobEvents.line(id, lines).equals(data),
            "line " + lines + " differs");
        lines++;
      }
    }
  }

  private void check(boolean ok, String what) {
    if (!ok && problem == null) {
      problem = what;
      result.completeExceptionally(new IllegalStateException("kvs-load: " + ns + ": " + what));
    }
  }
}
