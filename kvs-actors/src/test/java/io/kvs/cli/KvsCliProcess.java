package io.kvs.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/kvs} as a real subprocess against one rank's Unix socket, as a user would:
 * environment {@code KVS_URI=local://.../rank-N/local.sock}, standard input given (or
 * {@code /dev/null}), standard output and error captured, each run bounded by a time limit
 * (the process, which is the JVM {@code bin/kvs} execs, is killed by its pid when it overruns).
 */
final class KvsCliProcess {

  /** Exit status and output of one {@code bin/kvs} run. */
  record Run(List<String> args, int exitCode, String out, String err) {
    /** The command line and everything it printed, for assertion messages. */
    String describe() {
      return "kvs " + String.join(" ", args) + " -> exit " + exitCode + "\n--- stdout:\n" + out
          + "--- stderr:\n" + err;
    }

    /** Standard output as lines, without the final newline. */
    List<String> lines() {
      if (out.isEmpty()) {
        return List.of();
      }
      String s = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
      return List.of(s.split("\n", -1));
    }
  }

  /** A run started in the background ({@link #finish} waits for it). */
  static final class Started {
    private final Process process;
    private final List<String> args;
    private final Path out;
    private final Path err;

    private Started(Process process, List<String> args, Path out, Path err) {
      this.process = process;
      this.args = args;
      this.out = out;
      this.err = err;
    }

    boolean isAlive() {
      return process.isAlive();
    }

    /** Kills the process (by its pid: the JVM bin/kvs exec'd) and drops its output. */
    void kill() throws IOException {
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }

    Run finish(Duration limit) throws IOException, InterruptedException {
      try {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
          throw new AssertionError("kvs " + String.join(" ", args) + " (pid " + process.pid()
              + ") did not finish within " + limit + "; killed. stderr so far:\n"
              + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run(args, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    }
  }

  private final Path launcher;
  private final Path workdir;
  private final Path iodir;
  private final String path;

  /**
   * @param projectRoot the checkout (holding {@code bin/kvs})
   * @param iodir a directory for the captured output files
   */
  KvsCliProcess(Path projectRoot, Path iodir) {
    this.launcher = projectRoot.resolve("bin/kvs");
    this.workdir = projectRoot;
    this.iodir = iodir;
    // bin/kvs runs `java` from PATH: put the JVM running the tests first.
    String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
    String inherited = System.getenv("PATH");
    this.path = inherited == null ? javaBin : javaBin + ":" + inherited;
  }

  /** Starts {@code bin/kvs ARGS} with {@code KVS_URI} set to {@code socket}. */
  Started start(Path socket, Map<String, String> env, byte[] stdin, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher.toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(iodir, "kvs", ".out");
    Path err = Files.createTempFile(iodir, "kvs", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workdir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }
    Map<String, String> e = pb.environment();
    // Nothing from the test's own environment may change what the CLI does.
    e.remove("KVS_NAMESPACE");
    e.remove("KVS_JAVA_OPTS");
    e.remove("COLUMNS");
    e.put("PATH", path);
    e.put("KVS_URI", "local://" + socket.toAbsolutePath());
    e.putAll(env);
    Process p = pb.start();
    if (stdin != null) {
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin);
      }
    }
    return new Started(p, List.of(args), out, err);
  }

  /** Runs {@code bin/kvs ARGS} and waits for it, at most {@code limit}. */
  Run run(Path socket, Map<String, String> env, byte[] stdin, Duration limit, String... args)
      throws IOException, InterruptedException {
    return start(socket, env, stdin, args).finish(limit);
  }
}
