package io.kvs.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvs.treeobj.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Eventlogs (RFC 18, KVS-SPEC §3.4): a value made of newline-terminated compact JSON objects
 * {@code {"timestamp":number>0,"name":string,"context"?:object}}. Pure: no I/O.
 */
public final class Eventlog {
  private Eventlog() {}

  /** One entry; {@code context} is null when the entry has none. */
  public record Event(double timestamp, String name, ObjectNode context) {

    public Event {
      if (!(timestamp > 0) || Double.isInfinite(timestamp)) {
        throw new IllegalArgumentException("kvs: eventlog timestamp must be a number > 0");
      }
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("kvs: eventlog event name must not be empty");
      }
    }

    /** The entry as one compact JSON line, {@code \n} included. */
    public String encode() {
      ObjectNode o = Connection.JSON.createObjectNode().put("timestamp", timestamp)
          .put("name", name);
      if (context != null) {
        o.set("context", context);
      }
      try {
        return Connection.JSON.writeValueAsString(o) + "\n";
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    /** {@code TIMESTAMP NAME [CONTEXT]}, as {@code flux kvs eventlog get} prints it. */
    public String format() {
      String s = String.format(Locale.ROOT, "%f %s", timestamp, name);
      return context == null ? s : s + " " + context;
    }
  }

  /** The current time as an eventlog timestamp (seconds, microsecond precision). */
  public static double now() {
    java.time.Instant t = java.time.Instant.now();
    return t.getEpochSecond() + (t.getNano() / 1000) / 1e6;
  }

  /**
   * Joins the words of a context given on a command line with spaces and parses them as a JSON
   * object; no words is no context (null). Throws {@link IllegalArgumentException} otherwise.
   */
  public static ObjectNode parseContext(List<String> words) {
    if (words == null || words.isEmpty()) {
      return null;
    }
    String text = String.join(" ", words);
    JsonNode n;
    try {
      n = Connection.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      n = null;
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("kvs: context is not a JSON object: " + text);
    }
    return (ObjectNode) n;
  }

  /** Parses one line (no newline) into an event; EPROTO-style {@link IllegalArgumentException}. */
  public static Event parseLine(String line) {
    JsonNode n;
    try {
      n = Connection.JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("kvs: eventlog entry is not JSON: " + clip(line));
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("kvs: eventlog entry is not an object: " + clip(line));
    }
    JsonNode ts = n.get("timestamp");
    JsonNode name = n.get("name");
    JsonNode context = n.get("context");
    if (ts == null || !ts.isNumber() || !(ts.doubleValue() > 0)) {
      throw new IllegalArgumentException("kvs: eventlog entry has no timestamp > 0: "
          + clip(line));
    }
    if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
      throw new IllegalArgumentException("kvs: eventlog entry has no name: " + clip(line));
    }
    if (context != null && !context.isObject()) {
      throw new IllegalArgumentException("kvs: eventlog entry context is not an object: "
          + clip(line));
    }
    return new Event(ts.doubleValue(), name.textValue(), (ObjectNode) context);
  }

  /** Every complete event of a whole eventlog value; a partial last line is an error. */
  public static List<Event> parse(Bytes value) {
    Reader r = new Reader();
    List<Event> events = r.feed(value);
    if (r.pending() > 0) {
      throw new IllegalArgumentException("kvs: eventlog ends with an incomplete entry");
    }
    return events;
  }

  private static String clip(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "...";
  }

  /**
   * Parses an eventlog delivered in pieces (a WATCH_APPEND stream): each piece gives the events
   * it completes; a partial last line is held until a later piece ends it. Not thread-safe.
   */
  public static final class Reader {
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /** The events completed by {@code piece}, in order. */
    public List<Event> feed(Bytes piece) {
      List<Event> out = new ArrayList<>();
      byte[] b = piece.unsafeArray();
      int start = 0;
      for (int i = 0; i < b.length; i++) {
        if (b[i] == '\n') {
          partial.write(b, start, i - start);
          String line = partial.toString(StandardCharsets.UTF_8);
          partial.reset();
          if (!line.isBlank()) {
            out.add(parseLine(line));
          }
          start = i + 1;
        }
      }
      partial.write(b, start, b.length - start);
      return out;
    }

    /** Bytes of an unfinished last line held back. */
    public int pending() {
      return partial.size();
    }
  }
}
