package io.kvs.load.jobs;

import io.kvs.client.KvsClient;
import io.kvs.load.drive.Pipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs simulated jobs, at most {@code concurrency} at once, until {@code jobs} were started or
 * {@code durationSeconds} passed, then waits for the running ones. Shells run on the follower
 * ranks in turn (on rank 0 when it is alone), watchers on the rank after the shell's.
 */
final class JobSim {
  /** What happened: the ids of the jobs started, and when each job ended (ns from start). */
  record Outcome(List<Long> ids, long[] endNanos, long ok, long failed, long elapsedNanos) {}

  private final List<KvsClient> clients;
  private final JobSpec spec;
  private final Pipeline pipeline;
  private final JobIds ids;

  /** {@code clients.get(r)} talks to rank r; {@code clients.get(0)} is the exec's. */
  JobSim(List<KvsClient> clients, JobSpec spec, Pipeline pipeline, JobIds ids) {
    this.clients = clients;
    this.spec = spec;
    this.pipeline = pipeline;
    this.ids = ids;
  }

  Outcome run(int jobs, int concurrency, long durationSeconds, long timeoutSeconds)
      throws InterruptedException {
    Semaphore slots = new Semaphore(concurrency);
    CountDownLatch done = new CountDownLatch(jobs);
    long[] ends = new long[jobs];
    AtomicInteger ended = new AtomicInteger();
    AtomicLong ok = new AtomicLong();
    List<Long> started = new ArrayList<>(jobs);
    long start = System.nanoTime();
    long stopStarting = durationSeconds > 0
        ? start + TimeUnit.SECONDS.toNanos(durationSeconds) : Long.MAX_VALUE;
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    int n = 0;
    for (; n < jobs && System.nanoTime() < stopStarting; n++) {
      pipeline.acquire(slots, deadline);
      long id = ids.next();
      started.add(id);
      new Job(id, n, spec, clientsFor(n), pipeline).run().whenComplete((good, e) -> {
        ends[ended.getAndIncrement()] = System.nanoTime() - start;
        if (Boolean.TRUE.equals(good)) {
          ok.incrementAndGet();
        }
        pipeline.recorder().count("jobs", 1);
        pipeline.progress().step(1);
        slots.release();
        done.countDown();
      });
    }
    for (int skipped = n; skipped < jobs; skipped++) {
      done.countDown();
    }
    pipeline.await(done, deadline);
    long elapsed = System.nanoTime() - start;
    long[] endTimes = Arrays.copyOf(ends, ended.get());
    Arrays.sort(endTimes);
    return new Outcome(started, endTimes, ok.get(), started.size() - ok.get(), elapsed);
  }

  private Job.Clients clientsFor(long index) {
    int ranks = clients.size();
    int shell = ranks == 1 ? 0 : 1 + (int) (index % (ranks - 1));
    int watcher = (shell + 1) % ranks;
    return new Job.Clients(clients.get(0), clients.get(shell), clients.get(watcher));
  }

  /** Jobs per second over the first and the last tenth of the jobs, by end time. */
  static double[] deciles(long[] endNanos) {
    int n = endNanos.length;
    if (n < 10) {
      return new double[] {Double.NaN, Double.NaN};
    }
    int d = n / 10;
    double first = d / (endNanos[d - 1] / 1e9);
    double last = d / ((endNanos[n - 1] - endNanos[n - d - 1]) / 1e9);
    return new double[] {first, last};
  }
}
