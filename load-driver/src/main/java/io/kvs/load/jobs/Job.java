package io.kvs.load.jobs;

import io.kvs.client.KvsClient;
import io.kvs.client.Txn;
import io.kvs.load.drive.Pipeline;
import io.kvs.lookup.LookupFlags;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One simulated job (KVS-SPEC §6), as a chain of asynchronous requests: the exec (on rank 0)
 * creates {@code job-<id>} owned by the job's user, appends {@code init} and links
 * {@code job.<dothex>.guest} to it in primary; the shell (on the job's rank, as the job's user)
 * appends its events and its output; an attached watcher (another rank) may follow the output;
 * then the exec appends {@code complete} and {@code done}, copies the guest root into primary
 * under {@code job.<dothex>.guest} and removes the namespace. Each step's latency or errno is
 * recorded under its name. After a failed step the namespace is removed if this job created
 * it (never when the create itself failed: the name may be someone else's).
 */
final class Job {
  /** The clients a job uses: the exec's, the shell's and the watcher's. */
  record Clients(KvsClient exec, KvsClient shell, KvsClient watcher) {}

  private final long id;
  private final long index;
  private final JobSpec spec;
  private final Clients clients;
  private final Pipeline pipeline;
  private final String ns;
  private final String guestKey;

  Job(long id, long index, JobSpec spec, Clients clients, Pipeline pipeline) {
    this.id = id;
    this.index = index;
    this.spec = spec;
    this.clients = clients;
    this.pipeline = pipeline;
    this.ns = JobIds.namespace(id);
    this.guestKey = JobIds.key(id) + ".guest";
  }

  /** Runs the job; completes (never exceptionally) when it is over, true if every step worked. */
  CompletableFuture<Boolean> run() {
    long start = System.nanoTime();
    return step("create", () -> clients.exec().namespaceCreate(ns, spec.uid(index), 0, null))
        .handle((v, e) -> e == null)
        .thenCompose(created -> !created ? CompletableFuture.completedFuture(false)
            : body().handle((v, e) -> e == null)
                .thenCompose(ok -> ok ? CompletableFuture.completedFuture(true) : cleanup()))
        .thenApply(ok -> {
          if (ok) {
            pipeline.record("job", start, null);
          }
          return ok;
        });
  }

  private CompletableFuture<Void> body() {
    KvsClient exec = clients.exec();
    CompletableFuture<?> init = step("init",
        () -> exec.commit(ns, new Txn().append(JobEvents.EXEC_LOG, JobEvents.exec("init"))));
    CompletableFuture<?> link = step("link",
        () -> exec.commit(KvsClient.PRIMARY, new Txn().symlink(guestKey, ns, ".")));
    CompletableFuture<Void> watched = spec.watched(index)
        ? new OutputWatch(clients.watcher().asUser(spec.uid(index)), ns, id, spec, pipeline)
            .start()
        : CompletableFuture.completedFuture(null);
    return CompletableFuture.allOf(init, link)
        .thenCompose(v -> shell())
        .thenCompose(v -> watched)
        .thenCompose(v -> step("done", () -> exec.commit(ns, new Txn()
            .append(JobEvents.EXEC_LOG, JobEvents.exec("complete"))
            .append(JobEvents.EXEC_LOG, JobEvents.exec("done")))))
        .thenCompose(v -> step("copy", () -> exec.lookup(ns, ".", LookupFlags.TREEOBJ)
            .thenCompose(root -> exec.commit(KvsClient.PRIMARY,
                new Txn().putTreeObj(guestKey, root)))))
        .thenCompose(v -> step("remove", () -> exec.namespaceRemove(ns)));
  }

  /** The shell: its start events and the output header, then the output in batches, then eof. */
  private CompletableFuture<Void> shell() {
    KvsClient shell = clients.shell().asUser(spec.uid(index));
    CompletableFuture<?> f = step("shell", () -> shell.commit(ns, new Txn()
        .append(JobEvents.EXEC_LOG, JobEvents.exec("shell.init"))
        .append(JobEvents.EXEC_LOG, JobEvents.exec("shell.start"))
        .append(JobEvents.OUTPUT, JobEvents.header())));
    for (int from = 0; from < spec.outputLines(); from += spec.outputBatch()) {
      int lo = from;
      int hi = Math.min(spec.outputLines(), from + spec.outputBatch());
      f = f.thenCompose(v -> step("output", () -> shell.commit(ns,
          new Txn().append(JobEvents.OUTPUT, JobEvents.data(id, lo, hi)))));
    }
    return f.thenCompose(v -> step("eof", () -> shell.commit(ns,
        new Txn().append(JobEvents.OUTPUT, JobEvents.eof())))).thenApply(v -> null);
  }

  /** After a failed step of a job whose namespace was created: remove it anyway. */
  private CompletableFuture<Boolean> cleanup() {
    return clients.exec().namespaceRemove(ns).handle((v, e) -> false);
  }

  /** One timed request, bounded by the step timeout; its outcome is recorded as {@code op}. */
  private <T> CompletableFuture<T> step(String op, Supplier<CompletableFuture<T>> call) {
    long t = System.nanoTime();
    return call.get().orTimeout(spec.stepTimeoutSeconds(), TimeUnit.SECONDS)
        .whenComplete((v, e) -> pipeline.record(op, t, e));
  }
}
