package io.kvs.load.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.load.cluster.Latency;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One run's report: what was run, on what, parameters, results; printed as text or JSON.
 *
 * <p>The JSON document is {@code {"command", "target", "params": {...}, <results...>,
 * "elapsed_s", "operations": {op: {"count", "per_s", "latency_us": {"p50", "p90", "p99",
 * "p99_9", "max", "mean"}}}, "errors": {errno: n}, "error_count", "notes": [...]}}; the keys
 * from {@code elapsed_s} to {@code error_count} appear only with a {@link #recorder}. Names are
 * used exactly as given, so callers pass snake_case. Values may be numbers, strings, lists,
 * maps, records or {@link JsonNode}s; NaN and infinities are written as {@code null}.
 * The recorder is read when the report is rendered. Not thread-safe.
 */
public final class Summary {
  private final String command;
  private final String target;
  private final Map<String, Object> params = new LinkedHashMap<>();
  private final Map<String, Object> results = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private Recorder recorder;

  /** A report of {@code command} run on {@code target}, e.g. ("jobs", "embedded, 4 ranks"). */
  public Summary(String command, String target) {
    this.command = command;
    this.target = target;
  }

  /** Adds a run parameter; parameters keep their insertion order. */
  public Summary param(String name, Object value) {
    params.put(name, value);
    return this;
  }

  /** Adds a top-level result; results keep their insertion order. */
  public Summary result(String name, Object value) {
    results.put(name, value);
    return this;
  }

  /** Reports the operations, errors and elapsed time of {@code r}. */
  public Summary recorder(Recorder r) {
    this.recorder = r;
    return this;
  }

  /** Adds a line printed after the latency table. */
  public Summary note(String line) {
    notes.add(line);
    return this;
  }

  /** The report as a JSON document. */
  public ObjectNode toJson() {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("command", command);
    doc.put("target", target);
    ObjectNode p = doc.putObject("params");
    params.forEach((k, v) -> p.set(k, Json.tree(v)));
    results.forEach((k, v) -> doc.set(k, Json.tree(v)));
    if (recorder != null) {
      Run run = Run.of(recorder);
      doc.set("elapsed_s", Json.number(run.elapsedS()));
      ObjectNode ops = doc.putObject("operations");
      run.ops().forEach((op, s) -> ops.set(op, opJson(s)));
      ObjectNode errors = doc.putObject("errors");
      run.errors().forEach(errors::put);
      doc.put("error_count", run.errorCount());
    }
    ArrayNode lines = doc.putArray("notes");
    notes.forEach(lines::add);
    return doc;
  }

  /** The JSON document, indented. */
  public String toJsonString() {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A human summary: header, parameters, results, latency table, errors and notes. */
  public String toText() {
    ObjectNode p = Json.MAPPER.createObjectNode();
    params.forEach((k, v) -> p.set(k, Json.tree(v)));
    ObjectNode r = Json.MAPPER.createObjectNode();
    results.forEach((k, v) -> r.set(k, Json.tree(v)));
    return SummaryText.render(command, target, p, r,
        recorder == null ? null : Run.of(recorder), notes);
  }

  private static ObjectNode opJson(OpStats s) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("count", s.count());
    o.set("per_s", Json.number(s.perS()));
    Latency l = s.latency();
    ObjectNode us = o.putObject("latency_us");
    us.set("p50", Json.number(l.p50Us()));
    us.set("p90", Json.number(l.p90Us()));
    us.set("p99", Json.number(l.p99Us()));
    us.set("p99_9", Json.number(l.p999Us()));
    us.set("max", Json.number(l.maxUs()));
    us.set("mean", Json.number(l.meanUs()));
    return o;
  }

  /** One operation's successes, rate over the run and latency. */
  record OpStats(long count, double perS, Latency latency) {}

  /** What a report reads from a recorder, read once. */
  record Run(double elapsedS, Map<String, OpStats> ops, Map<String, Long> errors,
      long errorCount) {

    static Run of(Recorder r) {
      double elapsedS = r.elapsedNanos() / 1e9;
      Map<String, OpStats> ops = new LinkedHashMap<>();
      for (Map.Entry<String, Histogram> e : r.histograms().entrySet()) {
        long count = e.getValue().getTotalCount();
        double perS = elapsedS > 0 ? count / elapsedS : Double.NaN;
        ops.put(e.getKey(), new OpStats(count, perS, Latency.of(e.getValue())));
      }
      Map<String, Long> errors = r.errors();
      long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
      return new Run(elapsedS, ops, errors, errorCount);
    }
  }
}
