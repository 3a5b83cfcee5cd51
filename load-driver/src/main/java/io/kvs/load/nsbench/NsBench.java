package io.kvs.load.nsbench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kvs.client.KvsClient;
import io.kvs.load.drive.Pipeline;
import io.kvs.load.drive.RunNames;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The three namespace benchmarks of the seed, on one client connection, every request
 * pipelined: {@code create-remove} (N creates, then N removes, timed apart), {@code churn}
 * (each create's reply sends its remove) and {@code create} (creates only; the namespaces are
 * removed afterwards, recorded as {@code cleanup}).
 */
public final class NsBench {
  /** The modes, in the order they run. */
  public static final List<String> MODES = List.of("create-remove", "churn", "create");

  /**
   * One measurement of {@code rounds} runs of N = {@code count}. {@code churn_per_s} is N over
   * the whole churn run; for churn, {@code create_per_s} is N over the time until the last
   * create was answered and {@code remove_per_s} is null, as in the seed's output.
   */
  public record Row(
      String mode,
      int count,
      int rounds,
      @JsonProperty("create_per_s") Double createPerSec,
      @JsonProperty("remove_per_s") Double removePerSec,
      @JsonProperty("churn_per_s") Double churnPerSec,
      @JsonProperty("root_subscription") String rootSubscription,
      int rank,
      long errors) {}

  private final KvsClient client;
  private final Pipeline pipeline;
  private final String opPrefix;
  private final String namePrefix;
  private int runs;

  /**
   * @param opPrefix prefixed to the recorded operation names ("" or e.g. "per-namespace.")
   */
  public NsBench(KvsClient client, Pipeline pipeline, String opPrefix) {
    this.client = client;
    this.pipeline = pipeline;
    this.opPrefix = opPrefix;
    this.namePrefix = RunNames.prefix("nsbench");
  }

  /**
   * Runs {@code mode} with {@code count} namespaces, {@code rounds} times over (never more than
   * {@code count} namespaces at once); each rate is the operations of every round over the
   * time of their phases, so short runs of small N are not dominated by start-up.
   */
  public Row run(String mode, int count, int rounds, String rootSubscription, int rank)
      throws InterruptedException {
    long errorsBefore = pipeline.recorder().errorCount();
    long[] nanos = new long[2];
    for (int r = 0; r < rounds; r++) {
      String names = namePrefix + (runs++) + "-";
      long[] t = switch (mode) {
        case "create-remove" -> new long[] {creates(names, count), removes(names, count)};
        case "churn" -> churn(names, count);
        case "create" -> {
          long c = creates(names, count);
          pipeline.run(opPrefix + "cleanup", count, i -> client.namespaceRemove(names + i));
          yield new long[] {c, 0};
        }
        default -> throw new IllegalArgumentException("kvs-load: unknown mode '" + mode
            + "' (modes: " + String.join(", ", MODES) + ")");
      };
      nanos[0] += t[0];
      nanos[1] += t[1];
    }
    long ops = (long) count * rounds;
    Double create = rate(ops, nanos[0]);
    Double remove = mode.equals("create-remove") ? rate(ops, nanos[1]) : null;
    Double churn = mode.equals("churn") ? rate(ops, nanos[1]) : null;
    return new Row(mode, count, rounds, create, remove, churn, rootSubscription, rank,
        pipeline.recorder().errorCount() - errorsBefore);
  }

  /** The row of the median of each rate over {@code runs} of one measurement; errors summed. */
  public static Row median(List<Row> runs) {
    Row first = runs.get(0);
    return new Row(first.mode(), first.count(), first.rounds(), median(runs, Row::createPerSec),
        median(runs, Row::removePerSec), median(runs, Row::churnPerSec),
        first.rootSubscription(), first.rank(), runs.stream().mapToLong(Row::errors).sum());
  }

  private static Double median(List<Row> runs, java.util.function.Function<Row, Double> rate) {
    double[] v = runs.stream().map(rate).filter(java.util.Objects::nonNull)
        .mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return null;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private long creates(String names, int count) throws InterruptedException {
    return pipeline.run(opPrefix + "create", count, i -> client.namespaceCreate(names + i));
  }

  private long removes(String names, int count) throws InterruptedException {
    return pipeline.run(opPrefix + "remove", count, i -> client.namespaceRemove(names + i));
  }

  /** {time until every create was answered, time until every remove was}, in ns. */
  private long[] churn(String names, int count) throws InterruptedException {
    Semaphore slots = new Semaphore(pipeline.window());
    CountDownLatch created = new CountDownLatch(count);
    CountDownLatch removed = new CountDownLatch(count);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds());
    long[] createdAt = new long[1];
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      pipeline.acquire(slots, deadline);
      String name = names + i;
      long t = System.nanoTime();
      client.namespaceCreate(name).whenComplete((r, e) -> {
        pipeline.record(opPrefix + "create", t, e);
        pipeline.progress().step(1);
        created.countDown();
        long t2 = System.nanoTime();
        CompletableFuture<Void> rm = e == null ? client.namespaceRemove(name)
            : CompletableFuture.completedFuture(null);
        rm.whenComplete((r2, e2) -> {
          if (e == null) {
            pipeline.record(opPrefix + "remove", t2, e2);
          }
          pipeline.progress().step(1);
          slots.release();
          removed.countDown();
        });
      });
    }
    pipeline.await(created, deadline);
    createdAt[0] = System.nanoTime() - start;
    pipeline.await(removed, deadline);
    return new long[] {createdAt[0], System.nanoTime() - start};
  }

  private long timeoutSeconds() {
    return pipeline.timeoutSeconds();
  }

  private static double rate(long count, long nanos) {
    return nanos <= 0 ? 0 : count / (nanos / 1e9);
  }
}
