package io.kvs.node;

import akka.dispatch.DispatcherPrerequisites;
import akka.dispatch.ExecutorServiceConfigurator;
import akka.dispatch.ExecutorServiceFactory;
import com.typesafe.config.Config;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A dispatcher executor ({@code executor = "io.kvs.node.SharedExecutor"}) that every actor
 * system of this JVM using it shares: one fork-join pool of {@code shared-executor.parallelism}
 * threads (0: one per core), created by the first dispatcher that asks and kept while the JVM
 * runs. For several ranks embedded in one JVM: each rank's own pool parks and wakes its
 * threads as its load comes and goes, and with four ranks on a few cores those wake-ups cost
 * more than the work they hand over (docs/BENCHMARKS.md §6d). Shutting a dispatcher down
 * stops only its view of the pool.
 */
public final class SharedExecutor extends ExecutorServiceConfigurator {
  private static ForkJoinPool pool;

  private final int parallelism;

  public SharedExecutor(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    int p = config.hasPath("shared-executor.parallelism")
        ? config.getInt("shared-executor.parallelism") : 0;
    this.parallelism = p > 0 ? p : Runtime.getRuntime().availableProcessors();
  }

  private static synchronized ForkJoinPool pool(int parallelism) {
    if (pool == null) {
      ForkJoinPool.ForkJoinWorkerThreadFactory threads = p -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
        t.setName("kvs-shared-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
      };
      pool = new ForkJoinPool(parallelism, threads, null, true);
    }
    return pool;
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id,
      ThreadFactory threadFactory) {
    return () -> new View(pool(parallelism));
  }

  /** One dispatcher's use of the shared pool: shutting it down leaves the pool running. */
  private static final class View extends AbstractExecutorService {
    private final ForkJoinPool pool;
    private volatile boolean shutdown;

    View(ForkJoinPool pool) {
      this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
      pool.execute(task);
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return shutdown;
    }
  }
}
