package io.kvs.load.jobs;

import io.kvs.client.Eventlog;
import io.kvs.client.KvsClient;
import io.kvs.client.NamespaceInfo;
import io.kvs.load.drive.Pipeline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Checks, after a run, that every job's copy in primary ({@code job.<dothex>.guest}) holds its
 * complete exec.eventlog and output, and that no guest namespace of the run is left.
 */
final class JobVerifier {
  /** The verdict: complete copies, jobs lost, and the first few problems found. */
  record Verdict(long verified, long lost, long namespacesLeft, List<String> problems) {}

  private static final int SHOWN = 5;

  private JobVerifier() {}

  static Verdict verify(KvsClient exec, List<Long> ids, JobSpec spec, Pipeline pipeline)
      throws Exception {
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    long[] lost = new long[1];
    pipeline.run("verify", ids.size(), i -> {
      long id = ids.get(i);
      String dir = JobIds.key(id) + ".guest.";
      CompletableFuture<List<Eventlog.Event>> execLog =
          exec.lookupValue(KvsClient.PRIMARY, dir + JobEvents.EXEC_LOG).thenApply(Eventlog::parse);
      CompletableFuture<List<Eventlog.Event>> output =
          exec.lookupValue(KvsClient.PRIMARY, dir + JobEvents.OUTPUT).thenApply(Eventlog::parse);
      return execLog.thenCombine(output, (a, b) -> JobEvents.problems(id, spec.outputLines(), a, b))
          .handle((found, e) -> {
            List<String> p = e != null ? List.of("not readable: " + Pipeline.errno(e))
                : found;
            if (!p.isEmpty()) {
              synchronized (lost) {
                lost[0]++;
                if (problems.size() < SHOWN) {
                  problems.add(JobIds.key(id) + ": " + String.join("; ", p));
                }
              }
            }
            return null;
          });
    });
    Set<String> names = new HashSet<>();
    ids.forEach(id -> names.add(JobIds.namespace(id)));
    long left = 0;
    for (NamespaceInfo ns : exec.namespaceList().get(60, TimeUnit.SECONDS)) {
      if (names.contains(ns.namespace())) {
        left++;
      }
    }
    long lostJobs;
    synchronized (lost) {
      lostJobs = lost[0];
    }
    return new Verdict(ids.size() - lostJobs, lostJobs, left, List.copyOf(problems));
  }
}
