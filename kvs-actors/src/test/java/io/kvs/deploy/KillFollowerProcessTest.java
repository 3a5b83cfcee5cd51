package io.kvs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kvs.client.CommitResult;
import io.kvs.client.Errno;
import io.kvs.client.KvsClient;
import io.kvs.client.KvsClientException;
import io.kvs.client.KvsUri;
import io.kvs.deploy.ClusterProcesses.Rank;
import io.kvs.deploy.ClusterProcesses.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower rank killed with SIGKILL under load, with every rank a process started through
 * {@code bin/}: {@code kvs-cluster start --size 3}, clients on each rank's socket, writers
 * committing through ranks 0 and 2 (and rank 1 until it dies), {@code kill -9} of rank 1's pid
 * in the middle. Ranks 0 and 2 keep answering, rank 1's client fails with ECONNRESET, every
 * acknowledged value stays readable, and rank 1 started again with {@code bin/kvs-node} (the
 * environment kvs-cluster gives it) rejoins and serves them.
 *
 * <p>The split-brain resolver's {@code stable-after} (10 s in kvs-base.conf) is shortened to
 * 2 s through {@code KVS_JAVA_OPTS}, which kvs-cluster passes to every rank, so that rank 0
 * downs the dead incarnation quickly and the new one can become Up.
 */
class KillFollowerProcessTest {

  private static final int SIZE = 3;
  private static final String NAMESPACE = "kill-follower";
  private static final Map<String, String> RANK_ENV =
      Map.of("KVS_JAVA_OPTS", "-Dakka.cluster.split-brain-resolver.stable-after=2s");
  /** Longer than kvs.ask-timeout (10 s): a rank that answers never takes this long. */
  private static final long CLIENT_TIMEOUT_MS = 15_000;
  private static final Duration LOAD_BEFORE_KILL = Duration.ofMillis(1500);
  private static final Duration LOAD_AFTER_KILL = Duration.ofSeconds(5);
  private static final int WRITERS_PER_RANK = 2;

  @TempDir Path rundir;

  private final List<KvsClient> clients = new ArrayList<>();
  private final List<Process> restarted = new ArrayList<>();
  private ExecutorService pool;

  /** An acknowledged commit: {@code key} holds {@code value} as of root {@code rootseq}. */
  private record Ack(String key, String value, int rootseq, int rank, long atNanos) {}

  /** A request that failed with an errno (through {@code rank}, {@code atNanos}). */
  private record Failure(int rank, KvsClientException error, long atNanos) {}

  @AfterEach
  void stopEverything() throws Exception {
    for (KvsClient c : clients) {
      c.close();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
    if (Files.exists(rundir.resolve("cluster"))) {
      ClusterProcesses.kvsCluster(Map.of(), "stop", "--rundir", rundir.toString(), "--timeout",
          "10");
    }
    // The restarted rank is not in DIR/cluster: stop it by its pid.
    for (Process p : restarted) {
      stopByPid(p.pid());
      p.waitFor(1, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aFollowerKilledUnderLoadLeavesTheOthersServingAndRejoinsWhenStartedAgain()
      throws Exception {
    long t0 = System.nanoTime();
    Result start = ClusterProcesses.kvsCluster(RANK_ENV, "start", "--size",
        Integer.toString(SIZE), "--rundir", rundir.toString(), "--timeout", "60");
    assertThat(start.exitCode()).as(start.output()).isZero();
    List<Rank> ranks = ClusterProcesses.readRanks(rundir);
    assertThat(ranks).extracting(Rank::rank).containsExactly(0, 1, 2);
    log("cluster of %d up in %d ms", SIZE, millisSince(t0));

    KvsClient c0 = connect(ranks.get(0).socket(), Duration.ofSeconds(10));
    KvsClient c1 = connect(ranks.get(1).socket(), Duration.ofSeconds(10));
    KvsClient c2 = connect(ranks.get(2).socket(), Duration.ofSeconds(10));
    c0.namespaceCreate(NAMESPACE).get(CLIENT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    // A follower's ready file means its member is Up, not that it has found rank 0: until
    // then it refuses requests with ENOSYS. Wait until both serve the new namespace.
    retryWhileRankZeroUnknown(1, () -> c1.getroot(NAMESPACE), Duration.ofSeconds(20));
    retryWhileRankZeroUnknown(2, () -> c2.getroot(NAMESPACE), Duration.ofSeconds(20));

    // --- load through ranks 0, 1 and 2; rank 1 is killed in the middle
    long victim = ClusterProcesses.pidFileContent(ranks.get(1)).orElseThrow();
    assertThat(victim).isEqualTo(ranks.get(1).pid());
    assertThat(isRunning(victim)).isTrue();

    ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicInteger nextKey = new AtomicInteger();
    AtomicBoolean stopLoad = new AtomicBoolean();
    AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);

    pool = Executors.newFixedThreadPool(2 * WRITERS_PER_RANK + 1);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS_PER_RANK; w++) {
      writers.add(pool.submit(
          () -> write(c0, 0, nextKey, stopLoad, acks, failures, problems)));
      writers.add(pool.submit(
          () -> write(c2, 2, nextKey, stopLoad, acks, failures, problems)));
    }
    // Rank 1's client writes until its connection breaks.
    Future<Failure> rank1Error = pool.submit(
        () -> writeUntilError(c1, nextKey, killedAt, acks, failures, problems));

    Thread.sleep(LOAD_BEFORE_KILL.toMillis());
    long loadDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!acks.stream().map(Ack::rank).toList().containsAll(List.of(0, 1, 2))
        && System.nanoTime() < loadDeadline) {
      Thread.sleep(50);
    }
    assertThat(acks.stream().map(Ack::rank).distinct().sorted().toList())
        .as("ranks that acknowledged commits before the kill (failures: %s, problems: %s)",
            summary(new ArrayList<>(failures)), problems)
        .containsExactly(0, 1, 2);
    int acksBeforeKill = acks.size();
    killedAt.set(System.nanoTime());
    ProcessBuilder kill = new ProcessBuilder("kill", "-9", Long.toString(victim))
        .redirectErrorStream(true);
    Process k = kill.start();
    assertThat(k.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(k.exitValue()).isZero();
    assertThat(awaitGone(victim, Duration.ofSeconds(5))).as("rank 1 pid %d gone", victim)
        .isTrue();
    log("killed rank 1 (pid %d) after %d acks", victim, acksBeforeKill);

    // Rank 1's client: a clear ECONNRESET, not a hang.
    Failure r1;
    try {
      r1 = rank1Error.get(CLIENT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the client of rank 1 hung after the kill", e);
    }
    assertThat(r1.error().errnum()).as("rank 1 client error: %s", r1.error().getMessage())
        .isEqualTo(Errno.ECONNRESET);
    log("rank 1 client failed %d ms after the kill: %s",
        (r1.atNanos() - killedAt.get()) / 1_000_000, r1.error().getMessage());
    // Nothing listens on its socket any more.
    assertThat(tryConnect(ranks.get(1).socket())).isEmpty();

    Thread.sleep(LOAD_AFTER_KILL.toMillis());
    stopLoad.set(true);
    for (Future<?> w : writers) {
      w.get(2 * CLIENT_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
    }

    // --- ranks 0 and 2 kept answering
    assertThat(problems).as("hangs or unexpected errors").isEmpty();
    List<Failure> failed = new ArrayList<>(failures);
    assertThat(failed).as("failed requests through ranks 0 and 2")
        .allSatisfy(f -> assertThat(f.error().errnum()).isPositive());
    for (int rank : new int[] {0, 2}) {
      long after = acks.stream().filter(a -> a.rank() == rank && a.atNanos() > killedAt.get())
          .count();
      assertThat(after).as("commits acknowledged through rank %d after the kill", rank)
          .isPositive();
    }
    log("load: %d commits acknowledged (%d before the kill), %d failed%s", acks.size(),
        acksBeforeKill, failed.size(), failed.isEmpty() ? "" : ": " + summary(failed));

    // One more commit through each survivor succeeds.
    Ack last0 = commitAndAck(c0, 0, "after-kill-0");
    Ack last2 = commitAndAck(c2, 2, "after-kill-2");
    acks.add(last0);
    acks.add(last2);

    Map<String, Ack> expected = new LinkedHashMap<>();
    for (Ack a : acks) {
      expected.put(a.key(), a);
    }
    int lastSeq = acks.stream().mapToInt(Ack::rootseq).max().orElseThrow();

    // --- every acknowledged value is readable on ranks 0 and 2
    assertAllReadable(c0, 0, expected, lastSeq);
    assertAllReadable(c2, 2, expected, lastSeq);
    log("%d values read back on ranks 0 and 2 (last seq %d)", expected.size(), lastSeq);

    // --- rank 1 started again, as kvs-cluster started it, rejoins and serves them
    long restartAt = System.nanoTime();
    Process rank1 = restartRank(ranks.get(1), ranks.get(0));
    String address = awaitReady(ranks.get(1), rank1, Duration.ofSeconds(45));
    assertThat(ClusterProcesses.pidFileContent(ranks.get(1))).contains(rank1.pid());
    assertThat(address).startsWith("akka://kvs@127.0.0.1:");
    log("rank 1 (pid %d) up again at %s in %d ms (%d ms after the kill)", rank1.pid(), address,
        millisSince(restartAt), millisSince(killedAt.get()));

    KvsClient c1again = connect(ranks.get(1).socket(), Duration.ofSeconds(10));
    long waitAt = System.nanoTime();
    retryWhileRankZeroUnknown(1, () -> c1again.waitVersion(NAMESPACE, lastSeq),
        Duration.ofSeconds(20));
    log("rank 1 reached seq %d %d ms after its connection", lastSeq, millisSince(waitAt));
    assertAllReadable(c1again, 1, expected, lastSeq);

    // It also takes commits again, and the others see them.
    Ack fromRank1 = commitAndAck(c1again, 1, "after-restart-1");
    c0.waitVersion(NAMESPACE, fromRank1.rootseq()).get(CLIENT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    assertThat(c0.getString(NAMESPACE, fromRank1.key()).get(CLIENT_TIMEOUT_MS,
        TimeUnit.MILLISECONDS)).isEqualTo(fromRank1.value());
    c2.waitVersion(NAMESPACE, fromRank1.rootseq()).get(CLIENT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    assertThat(c2.getString(NAMESPACE, fromRank1.key()).get(CLIENT_TIMEOUT_MS,
        TimeUnit.MILLISECONDS)).isEqualTo(fromRank1.value());

    // Ranks 0 and 2 still run their first incarnation.
    assertThat(isRunning(ranks.get(0).pid())).isTrue();
    assertThat(isRunning(ranks.get(2).pid())).isTrue();
    log("whole test %d ms", millisSince(t0));
  }

  // ---- load

  /** Commits {@code k<i>} through {@code client} and reads it back, until {@code stop}. */
  private static void write(KvsClient client, int rank, AtomicInteger nextKey, AtomicBoolean stop,
      ConcurrentLinkedQueue<Ack> acks, ConcurrentLinkedQueue<Failure> failures,
      ConcurrentLinkedQueue<String> problems) {
    while (!stop.get()) {
      int i = nextKey.getAndIncrement();
      String key = "k" + i;
      String value = "v" + i + "-via-" + rank;
      try {
        CommitResult r = await(client.put(NAMESPACE, key, value));
        acks.add(new Ack(key, value, r.rootseq(), rank, System.nanoTime()));
        String back = await(client.getString(NAMESPACE, key));
        if (!value.equals(back)) {
          problems.add("rank " + rank + ": " + key + " read back as " + back + ", not " + value);
        }
      } catch (KvsClientException e) {
        failures.add(new Failure(rank, e, System.nanoTime()));
      } catch (TimeoutException e) {
        problems.add("rank " + rank + ": " + key + " got no answer within " + CLIENT_TIMEOUT_MS
            + " ms");
      } catch (RuntimeException e) {
        problems.add("rank " + rank + ": " + key + ": " + e);
      }
    }
  }

  /**
   * Like {@link #write} through rank 1, until a request fails after {@code killedAt} is set;
   * returns that failure. Failures before the kill are recorded and the loop goes on.
   */
  private static Failure writeUntilError(KvsClient client, AtomicInteger nextKey,
      AtomicLong killedAt, ConcurrentLinkedQueue<Ack> acks,
      ConcurrentLinkedQueue<Failure> failures, ConcurrentLinkedQueue<String> problems)
      throws InterruptedException {
    while (true) {
      int i = nextKey.getAndIncrement();
      String key = "k" + i;
      String value = "v" + i + "-via-1";
      try {
        CommitResult r = await(client.put(NAMESPACE, key, value));
        acks.add(new Ack(key, value, r.rootseq(), 1, System.nanoTime()));
        String back = await(client.getString(NAMESPACE, key));
        if (!value.equals(back)) {
          problems.add("rank 1: " + key + " read back as " + back + ", not " + value);
        }
      } catch (KvsClientException e) {
        Failure f = new Failure(1, e, System.nanoTime());
        if (killedAt.get() != Long.MAX_VALUE) {
          return f;
        }
        failures.add(f);
        Thread.sleep(20);
      } catch (TimeoutException e) {
        problems.add("rank 1: " + key + " got no answer within " + CLIENT_TIMEOUT_MS + " ms");
        return new Failure(1, new KvsClientException(Errno.ETIMEDOUT, "client timeout", e),
            System.nanoTime());
      }
    }
  }

  private static Ack commitAndAck(KvsClient client, int rank, String key) throws Exception {
    String value = key + "-value";
    CommitResult r = client.put(NAMESPACE, key, value).get(CLIENT_TIMEOUT_MS,
        TimeUnit.MILLISECONDS);
    return new Ack(key, value, r.rootseq(), rank, System.nanoTime());
  }

  /** The future's value within the client timeout; its KvsClientException if it failed. */
  private static <T> T await(CompletableFuture<T> f) throws TimeoutException {
    try {
      return f.get(CLIENT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KvsClientException k) {
        throw k;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** After {@code kvs.wait-version lastSeq}, every expected key holds its value on the rank. */
  private static void assertAllReadable(KvsClient client, int rank, Map<String, Ack> expected,
      int lastSeq) throws Exception {
    client.waitVersion(NAMESPACE, lastSeq).get(CLIENT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    List<String> keys = new ArrayList<>(expected.keySet());
    List<String> wrong = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += 256) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + 256));
      List<CompletableFuture<String>> reads = new ArrayList<>();
      for (String key : batch) {
        reads.add(client.getString(NAMESPACE, key));
      }
      for (int j = 0; j < batch.size(); j++) {
        String key = batch.get(j);
        try {
          String v = reads.get(j).get(CLIENT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
          if (!v.equals(expected.get(key).value())) {
            wrong.add(key + "=" + v);
          }
        } catch (ExecutionException e) {
          wrong.add(key + ": " + e.getCause().getMessage());
        }
      }
    }
    assertThat(wrong).as("acknowledged values wrong or missing on rank %d (of %d)", rank,
        keys.size()).isEmpty();
  }

  private static String summary(List<Failure> failed) {
    Map<String, Integer> n = new LinkedHashMap<>();
    for (Failure f : failed) {
      n.merge("rank " + f.rank() + " errno " + f.error().errnum() + " (" + f.error().getMessage()
          + ")", 1, Integer::sum);
    }
    return n.toString();
  }

  // ---- rank processes

  /**
   * Starts rank {@code r} again as {@code kvs-cluster start} started it: {@code bin/kvs-node}
   * in its own session, with rank 0 as the seed, any free port, the same run directory and
   * KVS_JAVA_OPTS; output appended to its log.
   */
  private Process restartRank(Rank r, Rank rank0) throws IOException {
    Files.deleteIfExists(r.readyFile());
    ProcessBuilder pb = new ProcessBuilder("setsid",
        ClusterProcesses.projectRoot().resolve("bin/kvs-node").toString())
        .directory(ClusterProcesses.projectRoot().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(r.log().toFile()))
        .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("KVS_"));
    env.putAll(RANK_ENV);
    env.put("KVS_RANK", Integer.toString(r.rank()));
    env.put("KVS_SIZE", Integer.toString(SIZE));
    env.put("KVS_HOST", "127.0.0.1");
    env.put("KVS_PORT", "0");
    env.put("KVS_SEEDS", rank0.hostPort());
    env.put("KVS_RUNDIR", rundir.toAbsolutePath().toString());
    env.put("KVS_DEPLOYMENT", "local");
    Files.writeString(r.log(), "\n==== restarted by KillFollowerProcessTest ====\n",
        java.nio.file.StandardOpenOption.APPEND);
    Process p = pb.start();
    restarted.add(p);
    return p;
  }

  /** The address in the rank's ready file, once it exists; fails if the process exits first. */
  private static String awaitReady(Rank r, Process p, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(r.readyFile())) {
        String address = Files.readString(r.readyFile()).trim();
        if (!address.isEmpty()) {
          return address;
        }
      }
      if (!p.isAlive()) {
        fail("rank %d exited with %d before it was ready; log:%n%s", r.rank(), p.exitValue(),
            tail(r.log(), 40));
      }
      Thread.sleep(100);
    }
    return fail("rank %d not ready within %s; log:%n%s", r.rank(), limit, tail(r.log(), 40));
  }

  /**
   * Runs {@code request} until it succeeds; a restarted follower refuses requests with ENOSYS
   * until it has found rank 0, so ENOSYS is retried (until {@code limit}).
   */
  private static <T> T retryWhileRankZeroUnknown(int rank,
      Supplier<CompletableFuture<T>> request, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    int refused = 0;
    while (true) {
      try {
        T v = request.get().get(CLIENT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (refused > 0) {
          log("rank %d refused %d request(s) with ENOSYS before serving", rank, refused);
        }
        return v;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof KvsClientException k && k.errnum() == Errno.ENOSYS
            && System.nanoTime() < deadline) {
          refused++;
          Thread.sleep(100);
          continue;
        }
        throw e;
      }
    }
  }

  private KvsClient connect(Path socket, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Optional<KvsClient> c = tryConnect(socket);
      if (c.isPresent()) {
        clients.add(c.get());
        return c.get();
      }
      if (System.nanoTime() > deadline) {
        return fail("cannot connect to %s within %s", socket, limit);
      }
      Thread.sleep(100);
    }
  }

  private Optional<KvsClient> tryConnect(Path socket) {
    if (!Files.exists(socket)) {
      return Optional.empty();
    }
    try {
      KvsClient c = KvsClient.connect(new KvsUri("local", socket.toAbsolutePath(), null, -1, null));
      c.ping(KvsClient.object().put("hello", 1)).get(5, TimeUnit.SECONDS);
      return Optional.of(c);
    } catch (KvsClientException e) {
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** True while {@code pid} exists and is not a zombie. */
  private static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return !state.equals("Z") && !state.equals("X");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean awaitGone(long pid, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (isRunning(pid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** SIGTERM, then SIGKILL after 10 s, to a process this test started. */
  private static void stopByPid(long pid) throws InterruptedException {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !isRunning(pid)) {
      return;
    }
    h.get().destroy();
    if (!awaitGone(pid, Duration.ofSeconds(10))) {
      h.get().destroyForcibly();
      awaitGone(pid, Duration.ofSeconds(5));
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(" + file + ": " + e + ")";
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void log(String format, Object... args) {
    System.out.printf("[KillFollowerProcessTest] " + format + "%n", args);
  }
}
