package io.kvs.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Ranks as local processes for tests: runs {@code bin/kvs-cluster start/status/stop} on a run
 * directory and exposes each rank's pid, address and files. {@link #close()} stops what
 * {@link #start} started. Needs the project built ({@code kvs-actors/target/classes} and
 * {@code target/lib}, which {@code mvn verify} makes before the test phase); otherwise
 * {@code bin/kvs-node} builds it first.
 */
public final class ClusterProcesses implements AutoCloseable {

  /** One rank as recorded by {@code kvs-cluster start}. */
  public record Rank(int rank, long pid, String address, Path dir) {
    public Path log() {
      return dir.resolve("kvs-node.log");
    }

    public Path readyFile() {
      return dir.resolve("ready");
    }

    public Path pidFile() {
      return dir.resolve("pid");
    }

    /** Where the rank's client socket will be (the connector comes later). */
    public Path socket() {
      return dir.resolve("local.sock");
    }

    /** {@code host:port} of the address, as KVS_SEEDS wants it. */
    public String hostPort() {
      return address.substring(address.indexOf('@') + 1);
    }

    public boolean isAlive() {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  /** Exit status and output of one {@code bin/kvs-cluster} run. */
  public record Result(int exitCode, String stdout, String stderr) {
    public String output() {
      return stdout + stderr;
    }
  }

  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(120);

  private final Path rundir;
  private final Result startResult;
  private final List<Rank> ranks;
  private boolean stopped;

  private ClusterProcesses(Path rundir, Result startResult, List<Rank> ranks) {
    this.rundir = rundir;
    this.startResult = startResult;
    this.ranks = ranks;
  }

  /**
   * Starts {@code size} ranks into {@code rundir}, waiting at most {@code timeout} for every
   * rank to be Up; throws (after kvs-cluster stopped what it started) when they are not.
   */
  public static ClusterProcesses start(int size, Path rundir, Duration timeout)
      throws IOException, InterruptedException {
    Result r = kvsCluster(Map.of(), "start", "--size", Integer.toString(size), "--rundir",
        rundir.toString(), "--timeout", Long.toString(Math.max(1, timeout.toSeconds())));
    if (r.exitCode() != 0) {
      throw new IllegalStateException("kvs-cluster start --size " + size + " failed ("
          + r.exitCode() + "):\n" + r.output());
    }
    return new ClusterProcesses(rundir, r, readRanks(rundir));
  }

  public Path rundir() {
    return rundir;
  }

  /** Output of {@code kvs-cluster start}: the table of ranks. */
  public Result startResult() {
    return startResult;
  }

  public List<Rank> ranks() {
    return ranks;
  }

  public Rank rank(int n) {
    return ranks.get(n);
  }

  public List<Long> pids() {
    return ranks.stream().map(Rank::pid).toList();
  }

  public List<String> addresses() {
    return ranks.stream().map(Rank::address).toList();
  }

  public Result status() throws IOException, InterruptedException {
    return kvsCluster(Map.of(), "status", "--rundir", rundir.toString());
  }

  /** {@code kvs-cluster stop}: SIGTERM, then SIGKILL after {@code timeout}. */
  public Result stop(Duration timeout) throws IOException, InterruptedException {
    stopped = true;
    return kvsCluster(Map.of(), "stop", "--rundir", rundir.toString(), "--timeout",
        Long.toString(timeout.toSeconds()));
  }

  /** Waits until every rank's process is gone; false if one is still there after {@code limit}. */
  public boolean awaitGone(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (ranks.stream().noneMatch(Rank::isAlive)) {
        return true;
      }
      Thread.sleep(50);
    }
    return ranks.stream().noneMatch(Rank::isAlive);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (!stopped) {
      stop(Duration.ofSeconds(15));
    }
  }

  /** The ranks recorded in {@code rundir/cluster}, with the addresses of their ready files. */
  static List<Rank> readRanks(Path rundir) throws IOException {
    List<Rank> out = new ArrayList<>();
    for (String line : Files.readAllLines(rundir.resolve("cluster"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      int rank = Integer.parseInt(f[0]);
      Path dir = rundir.resolve("rank-" + rank);
      Path ready = dir.resolve("ready");
      String address = Files.exists(ready) ? Files.readString(ready).trim() : "";
      out.add(new Rank(rank, Long.parseLong(f[1]), address, dir));
    }
    out.sort((a, b) -> Integer.compare(a.rank(), b.rank()));
    return Collections.unmodifiableList(out);
  }

  /** Runs {@code bin/kvs-cluster ARGS} with extra environment variables. */
  public static Result kvsCluster(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(projectRoot().resolve("bin/kvs-cluster").toString());
    cmd.addAll(List.of(args));
    return run(cmd, env, COMMAND_LIMIT);
  }

  static Result run(List<String> cmd, Map<String, String> env, Duration limit)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("kvs-cluster", ".out");
    Path err = Files.createTempFile("kvs-cluster", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(projectRoot().toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " took more than " + limit);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The checkout: the first directory upwards from the working directory holding bin/kvs-cluster. */
  public static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isExecutable(d.resolve("bin/kvs-cluster"))) {
        return d;
      }
    }
    throw new IllegalStateException("no bin/kvs-cluster above " + dir);
  }

  /** The pid a rank wrote into its pid file, if the file exists. */
  public static Optional<Long> pidFileContent(Rank rank) throws IOException {
    Path f = rank.pidFile();
    return Files.exists(f) ? Optional.of(Long.parseLong(Files.readString(f).trim()))
        : Optional.empty();
  }
}
