package io.kvs.load.drive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvs.load.KvsLoad;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/**
 * One {@code kvs-load} run through {@link KvsLoad#commandLine()}, with what it printed: the
 * summary (written to {@link System#out}, swapped for the run) and picocli's own output in
 * {@code out}, error lines in {@code err}. Runs must not overlap.
 */
public record CommandRun(int exit, String out, String err) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    CommandLine cl = KvsLoad.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    PrintStream saved = System.out;
    int exit;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      exit = cl.execute(args);
    } finally {
      System.setOut(saved);
    }
    return new CommandRun(exit, stdout.toString(StandardCharsets.UTF_8) + out, err.toString());
  }

  /** stdout as one JSON document (fails if it is anything else). */
  public JsonNode json() throws Exception {
    return parse(out);
  }

  /** {@code text} as one JSON document (fails if it is anything else). */
  public static JsonNode parse(String text) throws Exception {
    try (var parser = JSON.createParser(text)) {
      JsonNode doc = JSON.readTree(parser);
      if (parser.nextToken() != null) {
        throw new AssertionError("more than one JSON document:\n" + text);
      }
      return doc;
    }
  }

  /** The non-empty lines of stderr. */
  public List<String> errLines() {
    return err.lines().filter(l -> !l.isBlank()).toList();
  }

  /** Exit code 2, one {@code kvs-load:} line on stderr containing {@code expected}, no output. */
  public static void assertUsageError(CommandRun run, String expected) {
    org.assertj.core.api.Assertions.assertThat(run.exit())
        .as("exit code, stderr: %s", run.err()).isEqualTo(2);
    org.assertj.core.api.Assertions.assertThat(run.errLines()).as("stderr").singleElement()
        .asString().startsWith("kvs-load: ").contains(expected);
    org.assertj.core.api.Assertions.assertThat(run.out()).isEmpty();
  }
}
