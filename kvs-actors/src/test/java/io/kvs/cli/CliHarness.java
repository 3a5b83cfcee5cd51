package io.kvs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvs.client.FakeKvsServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs {@link KvsCli} in-process against a {@link FakeKvsServer}, capturing its output. */
final class CliHarness implements AutoCloseable {
  /** The outcome of one run. */
  record Result(int exitCode, String out, String err, byte[] outBytes) {}

  final FakeKvsServer server;
  final Map<String, String> env = new HashMap<>();
  /** Ctrl-C for runs of this harness: {@link CtrlC#press} interrupts the verb that runs. */
  final CtrlC ctrlC = new CtrlC();

  /** Test interrupts: a button instead of SIGINT. */
  static final class CtrlC implements Interrupts {
    private volatile Runnable action;

    @Override
    public AutoCloseable onInterrupt(Runnable a) {
      action = a;
      return () -> action = null;
    }

    /** True once a verb listens for Ctrl-C. */
    boolean armed() {
      return action != null;
    }

    void press() {
      Runnable a = action;
      if (a != null) {
        a.run();
      }
    }
  }

  CliHarness(Path dir) throws Exception {
    server = FakeKvsServer.local(dir);
    env.put("KVS_URI", server.uri());
  }

  Result run(String... args) {
    return runWithStdin(new byte[0], args);
  }

  Result runWithStdin(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = KvsCli.run(args, env, new ByteArrayInputStream(stdin),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), ctrlC);
    return new Result(rc, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8), out.toByteArray());
  }

  /** Runs and insists on success; returns standard output. */
  String ok(String... args) {
    Result r = run(args);
    if (r.exitCode() != 0) {
      throw new AssertionError("kvs " + String.join(" ", args) + " exited " + r.exitCode()
          + ": " + r.err());
    }
    return r.out();
  }

  /** Requests received with {@code topic}. */
  List<JsonNode> requests(String topic) {
    return server.received().stream().filter(r -> r.path("topic").asText().equals(topic))
        .toList();
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
