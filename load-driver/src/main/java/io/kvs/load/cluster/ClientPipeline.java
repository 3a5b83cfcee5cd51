package io.kvs.load.cluster;

import io.kvs.load.drive.Pipeline;
import io.kvs.load.report.Progress;
import io.kvs.load.report.Recorder;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Sends {@code count} client requests keeping at most {@code window} unanswered (a semaphore
 * released by each reply on the client's reader thread) and reports the elapsed time and the
 * errors: the loop of {@link Pipeline}, its latencies recorded into a recorder nobody reads.
 * Bounded by {@code timeoutSeconds}.
 */
public final class ClientPipeline {
  /** The outcome of a run. */
  public record Result(long nanos, long errors, String firstError) {
    public double rate(long count) {
      return nanos == 0 ? 0 : count / (nanos / 1e9);
    }
  }

  private ClientPipeline() {}

  public static Result run(int count, int window, long timeoutSeconds,
      IntFunction<CompletableFuture<?>> request) throws Exception {
    Pipeline pipeline = new Pipeline(window, timeoutSeconds, new Recorder(),
        Progress.start("requests", 0, false));
    long nanos = pipeline.run("request", count, request);
    return new Result(nanos, pipeline.recorder().errorCount(), pipeline.firstError());
  }
}
