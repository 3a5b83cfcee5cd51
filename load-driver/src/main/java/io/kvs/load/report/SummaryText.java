package io.kvs.load.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.load.cluster.Latency;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/** Renders a {@link Summary} as text in the manner of wrk, k6 and ghz. */
final class SummaryText {
  private static final String INDENT = "  ";

  private SummaryText() {}

  static String render(String command, String target, ObjectNode params, ObjectNode results,
      Summary.Run run, List<String> notes) {
    StringBuilder out = new StringBuilder();
    out.append(command).append(" on ").append(target).append('\n');
    int width = Math.max(width(params), width(results));
    section(out, "parameters", params, width);
    section(out, "results", results, width);
    if (run != null) {
      out.append(String.format(Locale.ROOT, "elapsed: %.2f s\n\n", run.elapsedS()));
      table(out, run.ops());
      out.append('\n').append(errors(run.errors())).append('\n');
    }
    notes.forEach(n -> out.append(n).append('\n'));
    return out.toString();
  }

  /** {@code "errors: none"} or {@code "errors: EEXIST 3, ETIMEDOUT 1"}. */
  static String errors(Map<String, Long> errors) {
    if (errors.isEmpty()) {
      return "errors: none";
    }
    return errors.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", ", "errors: ", ""));
  }

  private static int width(ObjectNode values) {
    int width = 0;
    for (Iterator<String> it = values.fieldNames(); it.hasNext(); ) {
      width = Math.max(width, it.next().length());
    }
    return width;
  }

  private static void section(StringBuilder out, String title, ObjectNode values, int width) {
    if (values.isEmpty()) {
      return;
    }
    out.append(title).append('\n');
    String format = INDENT + "%-" + width + "s  %s\n";
    for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      if (v.isArray() && !allScalar(v)) {
        // rows of a table: the caller prints them as a table among the notes; -w json has them
        out.append(String.format(format, f.getKey(), v.size() + " rows (table below)"));
      } else {
        out.append(String.format(format, f.getKey(), value(v)));
      }
    }
  }

  private static void table(StringBuilder out, Map<String, Summary.OpStats> ops) {
    int width = Math.max(12, ops.keySet().stream().mapToInt(String::length).max().orElse(0));
    String head = "%-" + width + "s %10s %10s ";
    out.append(String.format(head, "op", "count", "rate/s")).append(Latency.header())
        .append('\n');
    String row = "%-" + width + "s %10d %10s ";
    ops.forEach((op, s) -> out.append(String.format(row, op, s.count(), rate(s.perS())))
        .append(s.count() == 0 ? noLatency() : s.latency().row()).append('\n'));
  }

  private static String noLatency() {
    return String.format("%9s %9s %9s %9s %10s", "-", "-", "-", "-", "-");
  }

  private static String rate(double perS) {
    return Double.isFinite(perS) ? String.format(Locale.ROOT, "%.1f", perS) : "-";
  }

  private static boolean allScalar(JsonNode array) {
    for (JsonNode e : array) {
      if (e.isContainerNode()) {
        return false;
      }
    }
    return true;
  }

  /** One value on one line: numbers rounded, strings bare, containers as compact JSON. */
  private static String value(JsonNode v) {
    if (v == null || v.isNull()) {
      return "-";
    }
    if (v.isFloatingPointNumber()) {
      return number(v.doubleValue());
    }
    if (v.isValueNode()) {
      return v.asText();
    }
    if (v.isArray() && allScalar(v)) {
      StringJoiner joined = new StringJoiner(", ").setEmptyValue("-");
      v.forEach(e -> joined.add(value(e)));
      return joined.toString();
    }
    return v.toString();
  }

  /** A double with as many decimals as its size calls for. */
  static String number(double d) {
    if (!Double.isFinite(d)) {
      return "-";
    }
    double abs = Math.abs(d);
    if (abs == 0 || abs >= 100) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    if (abs >= 1) {
      return String.format(Locale.ROOT, "%.2f", d);
    }
    return String.format(Locale.ROOT, "%.3g", d);
  }
}
