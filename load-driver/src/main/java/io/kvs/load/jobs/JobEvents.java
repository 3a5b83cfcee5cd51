package io.kvs.load.jobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.client.Eventlog;
import java.util.ArrayList;
import java.util.List;

/**
 * What a simulated job writes in its guest namespace (KVS-SPEC §6): {@code exec.eventlog}
 * entries and the {@code output} eventlog (RFC 24 shape: a header, one {@code data} entry per
 * line, then an {@code eof} data entry). Pure.
 */
public final class JobEvents {
  /** The exec.eventlog entries in the order a complete job has them. */
  public static final List<String> EXEC_EVENTS =
      List.of("init", "shell.init", "shell.start", "complete", "done");
  public static final String EXEC_LOG = "exec.eventlog";
  public static final String OUTPUT = "output";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JobEvents() {}

  /** One exec.eventlog entry as the line to append. */
  public static String exec(String name) {
    return new Eventlog.Event(Eventlog.now(), name, null).encode();
  }

  /** The output eventlog's header entry. */
  public static String header() {
    ObjectNode ctx = JSON.objectNode().put("version", 1);
    ctx.putObject("encoding").put("stdout", "UTF-8").put("stderr", "UTF-8");
    ctx.putObject("count").put("stdout", 1).put("stderr", 1);
    ctx.putObject("options");
    return new Eventlog.Event(Eventlog.now(), "header", ctx).encode();
  }

  /** The text of output line {@code i} of job {@code id}. */
  public static String line(long id, int i) {
    return "job " + Long.toUnsignedString(id) + " line " + i + "\n";
  }

  /** Data entries for lines {@code from} (inclusive) to {@code to} (exclusive), concatenated. */
  public static String data(long id, int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < to; i++) {
      ObjectNode ctx = JSON.objectNode().put("stream", "stdout").put("rank", "0")
          .put("data", line(id, i));
      b.append(new Eventlog.Event(Eventlog.now(), "data", ctx).encode());
    }
    return b.toString();
  }

  /** The stdout end-of-file entry. */
  public static String eof() {
    ObjectNode ctx = JSON.objectNode().put("stream", "stdout").put("rank", "0").put("eof", true);
    return new Eventlog.Event(Eventlog.now(), "data", ctx).encode();
  }

  /** Whether {@code e} is the stdout end-of-file entry. */
  public static boolean isEof(Eventlog.Event e) {
    return e.name().equals("data") && e.context() != null
        && e.context().path("eof").asBoolean(false);
  }

  /**
   * What is wrong with a job's eventlogs, or an empty list when both are complete: every exec
   * event in order, and an output of header, {@code lines} data entries with the expected text
   * in order, and eof.
   */
  public static List<String> problems(long id, int lines, List<Eventlog.Event> exec,
      List<Eventlog.Event> output) {
    List<String> problems = new ArrayList<>();
    List<String> names = exec.stream().map(Eventlog.Event::name).toList();
    if (!names.equals(EXEC_EVENTS)) {
      problems.add(EXEC_LOG + " has " + names + ", expected " + EXEC_EVENTS);
    }
    if (output.isEmpty() || !output.get(0).name().equals("header")) {
      problems.add(OUTPUT + " does not start with a header");
    }
    int data = 0;
    for (int i = 1; i < output.size() && !isEof(output.get(i)); i++) {
      String text = output.get(i).context() == null ? null
          : output.get(i).context().path("data").asText(null);
      if (!line(id, data).equals(text)) {
        problems.add(OUTPUT + " entry " + i + " is not line " + data);
        return problems;
      }
      data++;
    }
    if (data != lines) {
      problems.add(OUTPUT + " has " + data + " lines, expected " + lines);
    }
    if (output.isEmpty() || !isEof(output.get(output.size() - 1))) {
      problems.add(OUTPUT + " does not end with eof");
    }
    return problems;
  }
}
